package io.proconsul.http;

import java.time.Duration;

/**
 * Parses durations in Go's {@code time.ParseDuration} syntax, the one Consul's {@code ?wait} and
 * {@code ?max_stale} take: a sign, then one or more decimal numbers each with a unit ({@code ns},
 * {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 10s}, {@code 1m30s},
 * {@code 1.5h}, {@code 500ms}. A bare {@code 0} is allowed; any other number needs a unit.
 */
final class GoDuration {

    private GoDuration() {}

    /** The duration, or throws {@link IllegalArgumentException} when the text is not Go syntax. */
    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        double nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            nanos += Double.parseDouble(number) * unitNanos(s.substring(unitStart, i), text);
        }
        if (nanos > Long.MAX_VALUE) {
            throw invalid(text);
        }
        long n = Math.round(nanos);
        return Duration.ofNanos(negative ? -n : n);
    }

    private static double unitNanos(String unit, String text) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "m":
                return 60e9;
            case "h":
                return 3600e9;
            default:
                throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
