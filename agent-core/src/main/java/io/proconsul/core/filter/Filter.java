package io.proconsul.core.filter;

import static io.proconsul.core.GoQuote.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled {@code ?filter} expression (Consul's filtering, go-bexpr), checked against the schema of the
 * element type it filters, as Consul checks it against the Go type before running the query. Evaluated
 * against the JSON of each element, so selectors are Consul's wire names ({@code ServiceMeta.env},
 * {@code Checks.Status}, {@code NodeMeta["rack-id"]}).
 *
 * <p>Semantics, following go-bexpr: a selector through a list of objects matches when any element matches
 * ({@code Checks.Status == "critical"}); the negated operators ({@code !=}, {@code not in},
 * {@code is not empty}, {@code not matches}) are the negation of their positive form over the whole
 * selector; a field absent from the JSON (an omitted empty value, a missing map key) counts as its type's
 * zero value; {@code matches} is an unanchored search (Java regular expressions stand in for Go's RE2, which
 * they extend). Immutable and thread-safe.
 *
 * @see <a href="https://developer.hashicorp.com/consul/api-docs/features/filtering">Consul filtering</a>
 */
public final class Filter {

    /** The filter of an absent or empty {@code ?filter}: keeps everything. */
    public static final Filter NONE = new Filter(null);

    private final Node root;

    private Filter(Node root) {
        this.root = root;
    }

    /**
     * Parses and validates {@code expression} for elements of {@code schema}; an empty or null expression is
     * {@link #NONE}. Throws {@link FilterException} with Consul's text for anything Consul refuses.
     */
    public static Filter compile(String expression, FilterSchema schema) {
        if (expression == null || expression.isEmpty()) {
            return NONE;
        }
        return new Filter(bind(FilterParser.parse(expression), schema));
    }

    /** Whether {@code element} (the JSON of one result element) passes. */
    public boolean matches(JsonNode element) {
        return root == null || root.eval(element);
    }

    /** The elements of {@code items} that pass, in order, judged by their JSON as {@code mapper} writes it. */
    public <T> List<T> apply(List<T> items, ObjectMapper mapper) {
        if (root == null) {
            return items;
        }
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            if (root.eval(mapper.valueToTree(item))) {
                out.add(item);
            }
        }
        return out;
    }

    private interface Node {
        boolean eval(JsonNode datum);
    }

    private static Node bind(Expression e, FilterSchema schema) {
        if (e instanceof Expression.And a) {
            Node l = bind(a.left(), schema);
            Node r = bind(a.right(), schema);
            return d -> l.eval(d) && r.eval(d);
        }
        if (e instanceof Expression.Or o) {
            Node l = bind(o.left(), schema);
            Node r = bind(o.right(), schema);
            return d -> l.eval(d) || r.eval(d);
        }
        if (e instanceof Expression.Not n) {
            Node operand = bind(n.operand(), schema);
            return d -> !operand.eval(d);
        }
        return bindMatch((Expression.Match) e, schema);
    }

    /** go-bexpr's {@code validateRecurse}: the selector, the operator, then the value against the type. */
    private static Node bindMatch(Expression.Match m, FilterSchema schema) {
        FilterSchema target = schema;
        for (int i = 0; i < m.selector().size(); i++) {
            target = target.step(m.selector().get(i));
            if (target == null) {
                throw new FilterException("Selector " + quote(String.join(".", m.selector().subList(0, i + 1)))
                        + " is not valid");
            }
        }
        if (!target.operators().contains(m.operator())) {
            throw new FilterException("Invalid match operator " + quote(m.operator().toString()) + " for selector "
                    + quote(m.selectorText()));
        }
        Object value = m.operator().needsValue() ? coerce(m, target) : null;
        Match match = new Match(m.selector(), m.operator().positive(), target.kind(), value);
        return m.operator().isNegated() ? d -> !match.eval(d) : match;
    }

    private static Object coerce(Expression.Match m, FilterSchema target) {
        String raw = m.value();
        MatchOperator op = m.operator().positive();
        if (op == MatchOperator.MATCHES) {
            try {
                return Pattern.compile(raw);
            } catch (PatternSyntaxException e) {
                throw new FilterException("Failed to compile regular expression " + quote(raw)
                        + ": error parsing regexp: " + e.getDescription() + ": `" + raw + "`");
            }
        }
        if (op == MatchOperator.IN) {
            return raw;
        }
        try {
            return switch (target.kind()) {
                case INTEGER -> parseGoInt(raw);
                case FLOAT -> Double.parseDouble(raw);
                case BOOL -> parseGoBool(raw);
                default -> raw;
            };
        } catch (IllegalArgumentException e) {
            String fn = switch (target.kind()) {
                case INTEGER -> "ParseInt";
                case FLOAT -> "ParseFloat";
                default -> "ParseBool";
            };
            throw new FilterException("Failed to coerce value " + quote(raw) + " for selector "
                    + quote(m.selectorText()) + ": strconv." + fn + ": parsing " + quote(raw) + ": invalid syntax");
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: decimal, or {@code 0x}, {@code 0o}/{@code 0}, {@code 0b}. */
    private static long parseGoInt(String s) {
        boolean neg = s.startsWith("-");
        String digits = neg || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong((neg ? "-" : "") + digits, radix);
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** One positive comparison, evaluated down its selector path. */
    private record Match(List<String> path, MatchOperator op, FilterSchema.Kind kind, Object value) implements Node {

        @Override
        public boolean eval(JsonNode datum) {
            return walk(datum, 0);
        }

        private boolean walk(JsonNode node, int depth) {
            if (depth == path.size()) {
                return test(node == null || node.isNull() || node.isMissingNode() ? null : node);
            }
            if (node != null && node.isArray()) {
                for (JsonNode element : node) {
                    if (walk(element, depth)) {
                        return true;
                    }
                }
                return false;
            }
            if (node != null && node.isObject()) {
                return walk(node.get(path.get(depth)), depth + 1);
            }
            return test(null);
        }

        /** The comparison on the selected value; {@code null} stands for the type's zero value. */
        private boolean test(JsonNode v) {
            return switch (op) {
                case EQUAL -> equal(v);
                case IN -> contains(v);
                case IS_EMPTY -> v == null || v.size() == 0 && (v.isContainerNode() || v.asText().isEmpty());
                case MATCHES -> ((Pattern) value).matcher(v == null ? "" : v.asText()).find();
                default -> throw new IllegalStateException("negated operator " + op);
            };
        }

        private boolean equal(JsonNode v) {
            return switch (kind) {
                case INTEGER -> (v == null ? 0 : v.asLong()) == (Long) value;
                case FLOAT -> (v == null ? 0 : v.asDouble()) == (Double) value;
                case BOOL -> (v != null && v.asBoolean()) == (Boolean) value;
                default -> (v == null ? "" : v.asText()).equals(value);
            };
        }

        private boolean contains(JsonNode v) {
            if (v == null) {
                return false;
            }
            String needle = (String) value;
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (e.asText().equals(needle)) {
                        return true;
                    }
                }
                return false;
            }
            if (v.isObject()) {
                return v.has(needle);
            }
            return v.asText().contains(needle);
        }
    }
}
