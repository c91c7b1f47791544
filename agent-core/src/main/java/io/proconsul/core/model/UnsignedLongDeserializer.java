package io.proconsul.core.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads a Go {@code uint64} (0 to 2^64-1) into a Java {@code long} holding the same 64 bits, the inverse
 * of {@link UnsignedLongSerializer}. Negative numbers and anything larger are rejected.
 */
public final class UnsignedLongDeserializer extends StdDeserializer<Long> {

    public UnsignedLongDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
        String text = p.getText();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return (Long) ctxt.handleWeirdStringValue(Long.class, text, "not an unsigned 64-bit integer");
        }
    }
}
