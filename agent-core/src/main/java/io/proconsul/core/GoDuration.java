package io.proconsul.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's duration syntax, as Consul reads every duration key with {@code time.ParseDuration}: a sequence of
 * decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code us}/{@code µs},
 * {@code ms}, {@code s}, {@code m}, {@code h}), optionally signed, such as {@code "30s"}, {@code "1h30m"}
 * or {@code "1.5h"}; {@code "0"} is the only value allowed without a unit. Error texts are Go's, because
 * Consul passes them through to the operator.
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} with Go's message when it is invalid. */
    public static Duration parse(String text) {
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
        long n = nanos(s, text);
        return Duration.ofNanos(negative ? -n : n);
    }

    /** Sums the number-unit pairs of an unsigned duration {@code s}; {@code text} is the input for errors. */
    private static long nanos(String s, String text) {
        BigDecimal total = BigDecimal.ZERO;
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
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unit) + " in duration " + quote(text));
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanos)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text);
        }
        return total.longValue();
    }

    /**
     * Go's {@code time.Duration.String()}, as Consul prints durations in JSON and {@code info}: {@code 0s},
     * {@code 850ns}, {@code 1.5\u00b5s}, {@code 27.291304ms}, {@code 30s}, {@code 5m0s}, {@code 1h0m0.5s}.
     */
    public static String format(Duration d) {
        if (d == null || d.isZero()) {
            return "0s";
        }
        String sign = d.isNegative() ? "-" : "";
        long u = Math.abs(d.toNanos());
        if (u < 1_000) {
            return sign + u + "ns";
        }
        if (u < 1_000_000) {
            return sign + decimal(u, 3) + "\u00b5s";
        }
        if (u < 1_000_000_000) {
            return sign + decimal(u, 6) + "ms";
        }
        String seconds = decimal(u % 60_000_000_000L, 9) + "s";
        long minutes = u / 60_000_000_000L;
        if (minutes == 0) {
            return sign + seconds;
        }
        long hours = minutes / 60;
        return sign + (hours > 0 ? hours + "h" : "") + minutes % 60 + "m" + seconds;
    }

    /** {@code v / 10^digits} with its fraction, trailing zeros dropped (Go's {@code fmtFrac}). */
    private static String decimal(long v, int digits) {
        long scale = (long) Math.pow(10, digits);
        long whole = v / scale;
        long frac = v % scale;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
