package io.proconsul.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text as Go's {@code encoding/json} writes it, which is what Consul's {@code watch} prints and hands to
 * its handlers: {@code json.MarshalIndent(data, "", "    ")} without a handler (four spaces, {@code "key": }
 * with one space, {@code []} and {@code {}} for empty containers) and {@code json.NewEncoder(..).Encode}
 * for a handler's stdin (compact, one trailing newline). Like Go, it escapes {@code <}, {@code >} and
 * {@code &} (HTML safety) and U+2028/U+2029, and writes a Go nil as {@code null}.
 *
 * <p>Stateless; the input tree is only read.
 */
public final class GoJson {

    private GoJson() {}

    /** {@code json.MarshalIndent(node, "", "    ")}; a Java null is Go's nil, {@code null}. */
    public static String indented(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, "    ", 0);
        return sb.toString();
    }

    /** {@code json.NewEncoder(w).Encode(node)}: compact, with the newline the encoder adds. */
    public static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, null, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, JsonNode node, String indent, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            writeObject(sb, node, indent, depth);
        } else if (node.isArray()) {
            writeArray(sb, node, indent, depth);
        } else if (node.isTextual()) {
            quote(sb, node.textValue());
        } else {
            // Numbers and booleans: Jackson keeps integers exact (uint64 indexes included).
            sb.append(node.toString());
        }
    }

    private static void writeObject(StringBuilder sb, JsonNode node, String indent, int depth) {
        if (node.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        boolean first = true;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, indent, depth + 1);
            quote(sb, e.getKey());
            sb.append(indent == null ? ":" : ": ");
            write(sb, e.getValue(), indent, depth + 1);
        }
        newline(sb, indent, depth);
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, JsonNode node, String indent, int depth) {
        if (node.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            newline(sb, indent, depth + 1);
            write(sb, node.get(i), indent, depth + 1);
        }
        newline(sb, indent, depth);
        sb.append(']');
    }

    private static void newline(StringBuilder sb, String indent, int depth) {
        if (indent != null) {
            sb.append('\n').append(indent.repeat(depth));
        }
    }

    /**
     * Go's string encoding with HTML escaping on (the default of both Marshal and Encoder), as Go 1.22+
     * writes it: {@code \b} and {@code \f} as short escapes, other control characters as six-character escapes.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
