package io.proconsul.core.exec;

/** Go's {@code path.Join} for KV keys: non-empty parts joined by single slashes, without a trailing one. */
final class RemoteExecKeys {

    private RemoteExecKeys() {}

    static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            for (String seg : part.split("/")) {
                if (seg.isEmpty() || seg.equals(".")) {
                    continue;
                }
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(seg);
            }
        }
        return sb.toString();
    }
}
