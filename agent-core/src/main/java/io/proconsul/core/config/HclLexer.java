package io.proconsul.core.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits HCL1 text (the dialect Consul reads config files in) into tokens. Newlines are plain white space
 * in HCL1, which is why {@code acl { enabled = true default_policy = "deny" }} is valid on one line.
 * Handles {@code #}, {@code //} and {@code /* *}{@code /} comments, quoted strings with escapes (an
 * interpolation {@code ${...}} is kept verbatim, quotes inside it included), heredocs ({@code <<EOF} and
 * the indented {@code <<-EOF}), integers (decimal, {@code 0x} hex, leading-zero octal) and floats.
 */
final class HclLexer {

    enum Kind { IDENT, STRING, NUMBER, BOOL, LBRACE, RBRACE, LBRACK, RBRACK, ASSIGN, COMMA, EOF }

    /** One token; {@code value} is the decoded literal for STRING, NUMBER and BOOL, else the text. */
    record Token(Kind kind, Object value, int line, int col) {
        String describe() {
            return kind == Kind.EOF ? "end of file" : kind + " " + value;
        }
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;

    HclLexer(String src) {
        this.src = src;
    }

    List<Token> tokens() throws HclParser.SyntaxError {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", line, col));
                return out;
            }
            out.add(next());
        }
    }

    private Token next() throws HclParser.SyntaxError {
        int l = line;
        int c = col;
        char ch = src.charAt(pos);
        switch (ch) {
            case '{': advance(); return new Token(Kind.LBRACE, "{", l, c);
            case '}': advance(); return new Token(Kind.RBRACE, "}", l, c);
            case '[': advance(); return new Token(Kind.LBRACK, "[", l, c);
            case ']': advance(); return new Token(Kind.RBRACK, "]", l, c);
            case '=': advance(); return new Token(Kind.ASSIGN, "=", l, c);
            case ',': advance(); return new Token(Kind.COMMA, ",", l, c);
            case '"': return new Token(Kind.STRING, quoted(l, c), l, c);
            case '<':
                if (src.startsWith("<<", pos)) {
                    return new Token(Kind.STRING, heredoc(l, c), l, c);
                }
                throw new HclParser.SyntaxError(l, c, "illegal char '<'");
            default:
                break;
        }
        if (ch == '-' || ch == '+' || Character.isDigit(ch)) {
            return new Token(Kind.NUMBER, number(l, c), l, c);
        }
        if (Character.isLetter(ch) || ch == '_') {
            String word = ident();
            if (word.equals("true") || word.equals("false")) {
                return new Token(Kind.BOOL, Boolean.valueOf(word), l, c);
            }
            return new Token(Kind.IDENT, word, l, c);
        }
        throw new HclParser.SyntaxError(l, c, "illegal char '" + ch + "'");
    }

    private void skipSpaceAndComments() throws HclParser.SyntaxError {
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (Character.isWhitespace(ch)) {
                advance();
            } else if (ch == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    advance();
                }
            } else if (src.startsWith("/*", pos)) {
                int l = line;
                int c = col;
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new HclParser.SyntaxError(l, c, "comment not terminated");
                }
                while (pos < end + 2) {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    private String ident() {
        int start = pos;
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.') {
                advance();
            } else {
                break;
            }
        }
        return src.substring(start, pos);
    }

    private Object number(int l, int c) throws HclParser.SyntaxError {
        int start = pos;
        advance();
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            boolean exponentSign = (ch == '-' || ch == '+') && "eE".indexOf(src.charAt(pos - 1)) >= 0;
            if (Character.isLetterOrDigit(ch) || ch == '.' || exponentSign) {
                advance();
            } else {
                break;
            }
        }
        String text = src.substring(start, pos);
        try {
            if (!text.matches("[-+]?0[xX].*") && (text.contains(".") || text.matches("[-+]?\\d+[eE][-+]?\\d+"))) {
                return Double.valueOf(text);
            }
            return parseInteger(text);
        } catch (NumberFormatException e) {
            throw new HclParser.SyntaxError(l, c, "invalid number " + text);
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: {@code 0x} is hex, a leading zero is octal. */
    private static Long parseInteger(String text) {
        String digits = text;
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        BigInteger v = new BigInteger(digits, radix);
        return (negative ? v.negate() : v).longValueExact();
    }

    private String quoted(int l, int c) throws HclParser.SyntaxError {
        advance();
        StringBuilder sb = new StringBuilder();
        int braces = 0;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw new HclParser.SyntaxError(l, c, "literal not terminated");
            }
            char ch = src.charAt(pos);
            if (ch == '"' && braces == 0) {
                advance();
                return sb.toString();
            }
            if (ch == '\\' && braces == 0) {
                advance();
                sb.append(escape(l, c));
                continue;
            }
            if (src.startsWith("${", pos)) {
                braces++;
                sb.append("${");
                advance();
                advance();
                continue;
            }
            if (ch == '}' && braces > 0) {
                braces--;
            }
            sb.append(ch);
            advance();
        }
    }

    private String escape(int l, int c) throws HclParser.SyntaxError {
        if (pos >= src.length()) {
            throw new HclParser.SyntaxError(l, c, "literal not terminated");
        }
        char ch = src.charAt(pos);
        advance();
        switch (ch) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\u0007";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\u000b";
            case '\\': return "\\";
            case '"': return "\"";
            case 'u': return codePoint(4, l, c);
            case 'U': return codePoint(8, l, c);
            default: throw new HclParser.SyntaxError(l, c, "unknown escape sequence \\" + ch);
        }
    }

    private String codePoint(int digits, int l, int c) throws HclParser.SyntaxError {
        if (pos + digits > src.length()) {
            throw new HclParser.SyntaxError(l, c, "illegal char escape");
        }
        String hex = src.substring(pos, pos + digits);
        for (int i = 0; i < digits; i++) {
            advance();
        }
        try {
            return new String(Character.toChars(Integer.parseInt(hex, 16)));
        } catch (IllegalArgumentException e) {
            throw new HclParser.SyntaxError(l, c, "illegal char escape");
        }
    }

    /** A heredoc runs from the line after {@code <<MARKER} to a line holding only the marker. */
    private String heredoc(int l, int c) throws HclParser.SyntaxError {
        int lineEnd = src.indexOf('\n', pos);
        if (lineEnd < 0) {
            throw new HclParser.SyntaxError(l, c, "heredoc not terminated");
        }
        String head = src.substring(pos + 2, lineEnd).strip();
        boolean indented = head.startsWith("-");
        String marker = indented ? head.substring(1) : head;
        if (marker.isEmpty() || !marker.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            throw new HclParser.SyntaxError(l, c, "invalid heredoc anchor " + head);
        }
        List<String> lines = new ArrayList<>();
        int cursor = lineEnd + 1;
        while (true) {
            if (cursor > src.length()) {
                throw new HclParser.SyntaxError(l, c, "heredoc not terminated");
            }
            int end = src.indexOf('\n', cursor);
            String text = src.substring(cursor, end < 0 ? src.length() : end);
            String body = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            boolean closes = indented ? body.strip().equals(marker) : body.equals(marker);
            if (closes) {
                while (pos < cursor + text.length()) {
                    advance();
                }
                return joinHeredoc(lines, indented);
            }
            lines.add(body);
            if (end < 0) {
                throw new HclParser.SyntaxError(l, c, "heredoc not terminated");
            }
            cursor = end + 1;
        }
    }

    private static String joinHeredoc(List<String> lines, boolean indented) {
        int strip = 0;
        if (indented) {
            strip = Integer.MAX_VALUE;
            for (String s : lines) {
                if (!s.isBlank()) {
                    strip = Math.min(strip, s.length() - s.stripLeading().length());
                }
            }
            strip = strip == Integer.MAX_VALUE ? 0 : strip;
        }
        StringBuilder sb = new StringBuilder();
        for (String s : lines) {
            sb.append(s.length() >= strip ? s.substring(strip) : s.strip()).append('\n');
        }
        return sb.toString();
    }

    private void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }
}
