package io.proconsul.core.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes a {@code float64} as Go's {@code encoding/json} does, so coordinates read as Consul's do:
 * plain decimal with no trailing zeros ({@code 0}, {@code 1.5}, {@code 0.00001}) for magnitudes from
 * 1e-6 up to 1e21, exponent form otherwise with Go's short negative exponent ({@code -2.3e-7}). Jackson's
 * default would write {@code 0.0} and {@code 1.0E-5}. The digits are Java's shortest round-trip form.
 */
public final class GoFloat extends StdSerializer<Double> {

    public GoFloat() {
        super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(format(value));
    }

    /** A {@code []float64}, each element as {@link GoFloat} writes it. */
    public static final class Array extends StdSerializer<double[]> {

        public Array() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray();
            for (double v : value) {
                gen.writeNumber(format(v));
            }
            gen.writeEndArray();
        }
    }

    /** Go's {@code floatEncoder} text for a finite {@code f}. */
    public static String format(double f) {
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(f)).stripTrailingZeros();
        double abs = Math.abs(f);
        if (abs >= 1e-6 && abs < 1e21) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder();
        if (f < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        return sb.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp)).toString();
    }
}
