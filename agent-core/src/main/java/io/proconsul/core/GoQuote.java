package io.proconsul.core;

/**
 * Go's {@code %q} ({@code strconv.Quote}) for the plain text Consul quotes in its messages: filter errors,
 * peer addresses and IDs, autopilot tag names. Double quotes and backslashes are escaped, {@code \n},
 * {@code \t} and {@code \r} written as such, other control characters as {@code \xNN}; everything else is
 * kept as it is. Stateless.
 */
public final class GoQuote {

    private GoQuote() {}

    /** {@code s} in double quotes, escaped as above. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
