package io.proconsul.core.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses go-bexpr's expression language (Consul's {@code ?filter}) into an {@link Expression}: {@code or} binds
 * loosest, then {@code and}, then {@code not}; parentheses group; a match is {@code selector op value},
 * {@code selector is [not] empty} or {@code value [not] in selector}. Selectors are dotted identifiers
 * ({@code [a-zA-Z][a-zA-Z0-9_/]*}) with {@code ["key"]} or {@code .0} parts; values are selectors (taken as
 * text), numbers, {@code "quoted"} strings with Go escapes or {@code `raw`} strings.
 *
 * <p>Errors carry go-bexpr's (pigeon's) position prefix, {@code line:column (offset):}, and its messages for
 * the cases its grammar names ({@code Unterminated string literal}, {@code Invalid number literal},
 * {@code Unmatched parentheses}, {@code Invalid index}, {@code Unclosed index expression},
 * {@code Invalid selector}); the {@code expected:} list of a plain syntax error is ours, shorter than pigeon's.
 *
 * <p>One instance parses one input; not thread-safe.
 */
final class FilterParser {

    private final String in;
    private int pos;

    private FilterParser(String in) {
        this.in = in;
    }

    /** Parses a whole expression or throws {@link FilterException}. */
    static Expression parse(String expression) {
        FilterParser p = new FilterParser(expression);
        p.skipSpace();
        if (p.atEnd()) {
            throw p.noMatch("\"(\", \"not\", a selector or a value");
        }
        Expression e = p.or();
        p.skipSpace();
        if (!p.atEnd()) {
            if (p.peek() == ')') {
                throw p.ruleError("grouping", "Unmatched parentheses");
            }
            throw p.noMatch("\"and\", \"or\" or end of input");
        }
        return e;
    }

    private Expression or() {
        Expression left = and();
        int save = pos;
        if (skipSpace() && keyword("or") && skipSpace()) {
            return new Expression.Or(left, or());
        }
        pos = save;
        return left;
    }

    private Expression and() {
        Expression left = not();
        int save = pos;
        if (skipSpace() && keyword("and") && skipSpace()) {
            return new Expression.And(left, and());
        }
        pos = save;
        return left;
    }

    private Expression not() {
        int save = pos;
        if (keyword("not") && skipSpace() && !startsMatchOperator()) {
            Expression operand = not();
            // "not not x" is x, as go-bexpr folds it.
            return operand instanceof Expression.Not n ? n.operand() : new Expression.Not(operand);
        }
        pos = save;
        return group();
    }

    /** After {@code not }: whether "not" was a selector followed by its operator, not the logical not. */
    private boolean startsMatchOperator() {
        int save = pos;
        boolean op = lookingAt("==") || lookingAt("!=") || keyword("in") || keyword("contains")
                || keyword("matches") || keyword("is");
        pos = save;
        return op;
    }

    private Expression group() {
        if (peek() == '(') {
            int open = pos;
            pos++;
            skipSpace();
            Expression e = or();
            skipSpace();
            if (peek() != ')') {
                pos = open;
                throw ruleError("grouping", "Unmatched parentheses");
            }
            pos++;
            return e;
        }
        return match();
    }

    private Expression match() {
        if (isLetter(peek())) {
            int start = pos;
            List<String> selector = selector();
            return afterSelector(selector, in.substring(start, pos));
        }
        String value = literal();
        int save = pos;
        MatchOperator op = inOperator();
        if (op == null) {
            pos = save;
            throw noMatch("\"in\", \"not in\"");
        }
        if (!isLetter(peek())) {
            throw ruleError("match", "Invalid selector");
        }
        return new Expression.Match(selector(), op, value);
    }

    /** After a selector: its operator and value, or it was the value of {@code value in selector}. */
    private Expression afterSelector(List<String> selector, String text) {
        int save = pos;
        skipSpace();
        if (lookingAt("==") || lookingAt("!=")) {
            MatchOperator op = in.charAt(pos) == '=' ? MatchOperator.EQUAL : MatchOperator.NOT_EQUAL;
            pos += 2;
            skipSpace();
            return new Expression.Match(selector, op, value());
        }
        pos = save;
        if (skipSpace()) {
            int afterSpace = pos;
            if (keyword("is") && skipSpace()) {
                if (keyword("empty")) {
                    return new Expression.Match(selector, MatchOperator.IS_EMPTY, null);
                }
                if (keyword("not") && skipSpace() && keyword("empty")) {
                    return new Expression.Match(selector, MatchOperator.IS_NOT_EMPTY, null);
                }
                throw noMatch("\"empty\", \"not empty\"");
            }
            pos = afterSpace;
            boolean negated = keyword("not") && skipSpace();
            if (!negated) {
                pos = afterSpace;
            }
            if (keyword("contains") && skipSpace()) {
                return new Expression.Match(selector, negated ? MatchOperator.NOT_IN : MatchOperator.IN, value());
            }
            if (keyword("matches") && skipSpace()) {
                return new Expression.Match(selector, negated ? MatchOperator.NOT_MATCHES : MatchOperator.MATCHES,
                        value());
            }
            if (keyword("in") && skipSpace()) {
                if (!isLetter(peek())) {
                    throw ruleError("match", "Invalid selector");
                }
                return new Expression.Match(selector(), negated ? MatchOperator.NOT_IN : MatchOperator.IN, text);
            }
        }
        pos = save;
        throw noMatch("\"!=\", \"==\", \"contains\", \"in\", \"is\", \"matches\", \"not\"");
    }

    /** {@code in} or {@code not in}, with the whitespace around it; null when neither follows. */
    private MatchOperator inOperator() {
        if (!skipSpace()) {
            return null;
        }
        boolean negated = false;
        int save = pos;
        if (keyword("not") && skipSpace()) {
            negated = true;
        } else {
            pos = save;
        }
        if (keyword("in") && skipSpace()) {
            return negated ? MatchOperator.NOT_IN : MatchOperator.IN;
        }
        return null;
    }

    private String value() {
        if (isLetter(peek())) {
            return String.join(".", selector());
        }
        return literal();
    }

    /** A number or string literal. */
    private String literal() {
        char c = peek();
        if (c == '"' || c == '`') {
            return string();
        }
        if (c == '-' || isDigit(c)) {
            return number();
        }
        throw noMatch("\"(\", \"-\", \"[\", \"\\\"\", \"`\", \"not\", [0-9] or [a-zA-Z]");
    }

    private String number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!isDigit(peek())) {
            throw ruleError("number", "Invalid number literal");
        }
        if (peek() == '0') {
            pos++;
        } else {
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1))) {
            pos++;
            while (isDigit(peek())) {
                pos++;
            }
        }
        char after = peek();
        if (!(atEnd() || after == ')' || isSpace(after))) {
            pos = start;
            throw ruleError("number", "Invalid number literal");
        }
        return in.substring(start, pos);
    }

    private String string() {
        int start = pos;
        char quote = in.charAt(pos++);
        int end = in.indexOf(quote, pos);
        while (quote == '"' && end > 0 && isEscaped(end)) {
            end = in.indexOf(quote, end + 1);
        }
        if (end < 0) {
            pos = start;
            throw ruleError("string", "Unterminated string literal");
        }
        String body = in.substring(pos, end);
        pos = end + 1;
        if (quote == '`') {
            return body;
        }
        try {
            return GoStrings.unquote(body);
        } catch (IllegalArgumentException e) {
            pos = start;
            throw ruleError("string", "invalid syntax");
        }
    }

    /** Whether the quote at {@code index} follows an odd number of backslashes. */
    private boolean isEscaped(int index) {
        int n = 0;
        for (int i = index - 1; i >= 0 && in.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** A selector: an identifier then any number of {@code .ident}, {@code .123} or {@code ["key"]} parts. */
    private List<String> selector() {
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (true) {
            if (peek() == '.' && pos + 1 < in.length() && isLetter(in.charAt(pos + 1))) {
                pos++;
                parts.add(identifier());
            } else if (peek() == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1))) {
                int start = ++pos;
                while (isDigit(peek())) {
                    pos++;
                }
                parts.add(in.substring(start, pos));
            } else if (peek() == '[') {
                parts.add(index());
            } else {
                return parts;
            }
        }
    }

    private String index() {
        pos++;
        skipSpace();
        if (peek() != '"' && peek() != '`') {
            throw ruleError("index", "Invalid index");
        }
        String key = string();
        skipSpace();
        if (peek() != ']') {
            throw ruleError("index", "Unclosed index expression");
        }
        pos++;
        return key;
    }

    private String identifier() {
        int start = pos;
        pos++;
        while (!atEnd() && (isLetter(peek()) || isDigit(peek()) || peek() == '_' || peek() == '/')) {
            pos++;
        }
        return in.substring(start, pos);
    }

    /** Consumes {@code word} when it stands alone (not the start of a longer identifier). */
    private boolean keyword(String word) {
        if (!in.startsWith(word, pos)) {
            return false;
        }
        int end = pos + word.length();
        if (end < in.length()) {
            char c = in.charAt(end);
            if (isLetter(c) || isDigit(c) || c == '_' || c == '/' || c == '.' || c == '[') {
                return false;
            }
        }
        pos = end;
        return true;
    }

    private boolean lookingAt(String s) {
        return in.startsWith(s, pos);
    }

    /** Skips whitespace; true when there was some. */
    private boolean skipSpace() {
        int start = pos;
        while (!atEnd() && isSpace(in.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private boolean atEnd() {
        return pos >= in.length();
    }

    private char peek() {
        return atEnd() ? '\0' : in.charAt(pos);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private FilterException noMatch(String expected) {
        return new FilterException(position() + ": no match found, expected: " + expected);
    }

    private FilterException ruleError(String rule, String message) {
        return new FilterException(position() + ": rule \"" + rule + "\": " + message);
    }

    /** Pigeon's {@code line:col (offset)}: 1-based line and column, 0-based byte offset. */
    private String position() {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < in.length(); i++) {
            if (in.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String before = in.substring(0, Math.min(pos, in.length()));
        int offset = before.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return line + ":" + col + " (" + offset + ")";
    }
}
