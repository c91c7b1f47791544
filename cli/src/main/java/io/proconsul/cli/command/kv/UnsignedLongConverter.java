package io.proconsul.cli.command.kv;

import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses Go's {@code uint64} flags ({@code -flags}, {@code -modify-index}) as Go's {@code flag} package does,
 * with {@code strconv.ParseUint(s, 0, 64)}: decimal, or {@code 0x} hex, {@code 0o}/leading-{@code 0} octal,
 * {@code 0b} binary, with {@code _} between digits when a prefix is given; 0 to 18446744073709551615.
 */
final class UnsignedLongConverter implements ITypeConverter<Long> {

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public Long convert(String value) {
        BigInteger parsed = parse(value);
        if (parsed == null || parsed.compareTo(MAX) > 0) {
            throw new TypeConversionException(
                    "'" + value + "' is not an unsigned integer (0 to 18446744073709551615)");
        }
        return parsed.longValue();
    }

    private static BigInteger parse(String value) {
        String s = value;
        int radix = 10;
        if (s.length() > 2 && s.charAt(0) == '0' && "xXoObB".indexOf(s.charAt(1)) >= 0) {
            radix = switch (Character.toLowerCase(s.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            s = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            s = s.substring(1);
        }
        if (radix != 10) {
            if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
                return null;
            }
            s = s.replace("_", "");
        }
        if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
            return null;
        }
        try {
            return new BigInteger(s, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
