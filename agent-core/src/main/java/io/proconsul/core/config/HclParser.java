package io.proconsul.core.config;

import io.proconsul.core.config.HclLexer.Kind;
import io.proconsul.core.config.HclLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses HCL1 into the same plain tree {@link JsonSourceParser} produces: {@code Map<String, Object>} with
 * {@code String}, {@code Boolean}, {@code Long}, {@code Double}, {@code List} and {@code Map} values.
 *
 * <p>We parse HCL ourselves rather than through hcl4j because Consul's files use HCL1 forms hcl4j rejects
 * (several items on one line without separators). The shape follows HCL1's decoder as Consul sees it:
 * {@code key { ... }} and {@code key = { ... }} are both a map; labels nest ({@code service "web" { }} is
 * {@code {service: {web: {...}}}}); a key repeated with object values collects into a list of maps (the
 * binder unwraps a list of one, as Consul's {@code HookWeakDecodeFromSlice} does); a repeated plain value
 * keeps the last one. Items may be separated by commas, newlines or nothing at all.
 */
final class HclParser {

    /** A syntax error at a position, reported as HCL1 does: {@code At 3:14: message}. */
    static final class SyntaxError extends Exception {
        SyntaxError(int line, int col, String message) {
            super("At " + line + ":" + col + ": " + message);
        }
    }

    private final List<Token> tokens;
    private int i;

    private HclParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole file into its top-level object. */
    static Map<String, Object> parse(String text) throws SyntaxError {
        HclParser p = new HclParser(new HclLexer(text).tokens());
        Map<String, Object> root = p.objectItems(Kind.EOF);
        return root;
    }

    private Map<String, Object> objectItems(Kind end) throws SyntaxError {
        Map<String, Object> out = new LinkedHashMap<>();
        while (peek().kind() != end) {
            if (peek().kind() == Kind.COMMA) {
                i++;
                continue;
            }
            objectItem(out);
        }
        i++;
        return out;
    }

    private void objectItem(Map<String, Object> into) throws SyntaxError {
        List<String> keys = new ArrayList<>();
        while (peek().kind() == Kind.IDENT || peek().kind() == Kind.STRING) {
            keys.add((String) tokens.get(i++).value());
        }
        Token t = peek();
        if (keys.isEmpty()) {
            throw unexpected(t, "IDENT | STRING");
        }
        Object value;
        if (t.kind() == Kind.ASSIGN) {
            if (keys.size() > 1) {
                throw new SyntaxError(t.line(), t.col(), "nested object expected: LBRACE got: ASSIGN");
            }
            i++;
            value = value();
        } else if (t.kind() == Kind.LBRACE) {
            i++;
            value = objectItems(Kind.RBRACE);
            for (int k = keys.size() - 1; k > 0; k--) {
                Map<String, Object> wrap = new LinkedHashMap<>();
                wrap.put(keys.get(k), value);
                value = wrap;
            }
        } else {
            throw unexpected(t, "ASSIGN | LBRACE");
        }
        put(into, keys.get(0), value);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, String key, Object value) {
        Object old = into.get(key);
        if (old instanceof Map && value instanceof Map) {
            List<Object> list = new ArrayList<>();
            list.add(old);
            list.add(value);
            into.put(key, list);
        } else if (old instanceof List && isListOfMaps((List<Object>) old) && value instanceof Map) {
            ((List<Object>) old).add(value);
        } else {
            into.put(key, value);
        }
    }

    private static boolean isListOfMaps(List<Object> list) {
        return !list.isEmpty() && list.stream().allMatch(Map.class::isInstance);
    }

    private Object value() throws SyntaxError {
        Token t = tokens.get(i++);
        switch (t.kind()) {
            case STRING:
            case NUMBER:
            case BOOL:
                return t.value();
            case LBRACE:
                return objectItems(Kind.RBRACE);
            case LBRACK:
                return list();
            default:
                throw unexpected(t, "value");
        }
    }

    private List<Object> list() throws SyntaxError {
        List<Object> out = new ArrayList<>();
        while (true) {
            if (peek().kind() == Kind.RBRACK) {
                i++;
                return out;
            }
            out.add(value());
            Token t = peek();
            if (t.kind() == Kind.COMMA) {
                i++;
            } else if (t.kind() != Kind.RBRACK) {
                throw unexpected(t, "COMMA | RBRACK");
            }
        }
    }

    private Token peek() {
        return tokens.get(i);
    }

    private static SyntaxError unexpected(Token t, String expected) {
        return new SyntaxError(t.line(), t.col(), "expected: " + expected + " got: " + t.describe());
    }
}
