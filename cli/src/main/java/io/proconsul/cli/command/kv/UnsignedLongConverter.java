package io.proconsul.cli.command.kv;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses Go's {@code uint64} flags ({@code -flags}, {@code -modify-index}): 0 to 18446744073709551615. */
final class UnsignedLongConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not an unsigned integer (0 to 18446744073709551615)");
        }
    }
}
