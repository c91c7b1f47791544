package io.proconsul.core.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's {@code strconv.Unquote} for the body of a double-quoted literal, which go-bexpr applies to strings. */
final class GoStrings {

    private GoStrings() {}

    /** The text {@code body} (without its quotes) denotes; throws {@link IllegalArgumentException} when Go would. */
    static String unquote(String body) {
        if (body.indexOf('\\') < 0 && body.indexOf('\n') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\n') {
                throw new IllegalArgumentException("invalid syntax");
            }
            if (c != '\\') {
                int cp = body.codePointAt(i);
                write(out, cp);
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x' -> {
                    out.write(hex(body, i, 2));
                    i += 2;
                }
                case 'u' -> {
                    write(out, hex(body, i, 4));
                    i += 4;
                }
                case 'U' -> {
                    write(out, hex(body, i, 8));
                    i += 8;
                }
                default -> {
                    if (e < '0' || e > '7' || i + 2 > body.length()) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    int v = Integer.parseInt(body.substring(i - 1, i + 2), 8);
                    if (v > 255) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    out.write(v);
                    i += 2;
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            throw new IllegalArgumentException("invalid syntax");
        }
        try {
            return Integer.parseUnsignedInt(s.substring(from, from + digits), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid syntax", e);
        }
    }

    private static void write(ByteArrayOutputStream out, int codePoint) {
        if (!Character.isValidCodePoint(codePoint)) {
            throw new IllegalArgumentException("invalid syntax");
        }
        byte[] b = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }
}
