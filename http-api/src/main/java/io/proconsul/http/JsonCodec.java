package io.proconsul.http;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.netty.buffer.ByteBuf;
import io.proconsul.core.model.KvEntry;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * JSON as Go's {@code encoding/json} writes it, which is what Consul's clients and tests compare against:
 * compact by default; with {@code ?pretty} (or in {@code -dev}) {@code MarshalIndent} with four spaces,
 * {@code "key": value}, {@code []} and {@code {}} for empty containers and a trailing newline; and Go's
 * escaping of {@code <}, {@code >}, {@code &}, U+2028 and U+2029 with lower-case hex.
 *
 * <p>One mapper and two writers for the whole server: thread-safe and built once, so no request pays for
 * introspection.
 */
public final class JsonCodec {

    private final ObjectMapper mapper;
    private final ObjectWriter compact;
    private final ObjectWriter pretty;
    private final ObjectReader treeReader;

    public JsonCodec() {
        mapper = new ObjectMapper();
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        mapper.getFactory().setCharacterEscapes(new GoEscapes());
        mapper.registerModule(new SimpleModule("consul-wire").addSerializer(KvEntry.class, new KvEntrySerializer()));
        compact = mapper.writer();
        pretty = mapper.writer(goPrettyPrinter());
        treeReader = mapper.readerFor(JsonNode.class);
    }

    /** Appends {@code value} to {@code out}. */
    public void write(Object value, boolean indent, ByteBuf out) throws IOException {
        try (OutputStream os = new ByteBufOutputStream(out)) {
            (indent ? pretty : compact).writeValue(os, value);
        }
        if (indent) {
            out.writeByte('\n');
        }
    }

    /** {@code value} as a string, for tests and logs. */
    public String toString(Object value, boolean indent) throws IOException {
        String s = (indent ? pretty : compact).writeValueAsString(value);
        return indent ? s + "\n" : s;
    }

    /** Parses a request body into a tree; throws on malformed JSON. */
    public JsonNode readTree(InputStream in) throws IOException {
        return treeReader.readValue(in);
    }

    private static DefaultPrettyPrinter goPrettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter p = new DefaultPrettyPrinter(separators);
        p.indentObjectsWith(indenter);
        p.indentArraysWith(indenter);
        return p;
    }

    /** Go's HTML-safe escaping, with Go's lower-case {@code \\u00xx} for control characters. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] ascii;

        GoEscapes() {
            ascii = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
