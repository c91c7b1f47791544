package io.proconsul.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.proconsul.core.model.KvEntry;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Writes a {@link KvEntry} exactly as its annotations describe (Consul's {@code DirEntry}: field order,
 * unsigned {@code Flags}, base64 {@code Value} or null, {@code Session} only when set) but with direct
 * accessor calls: KV reads are the hottest path and the bean serializer reaches record components by
 * reflection. {@code JsonCodecTest} pins the output to the annotated form.
 */
final class KvEntrySerializer extends StdSerializer<KvEntry> {

    KvEntrySerializer() {
        super(KvEntry.class);
    }

    @Override
    public void serialize(KvEntry e, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("LockIndex", e.lockIndex());
        gen.writeStringField("Key", e.key());
        gen.writeFieldName("Flags");
        if (e.flags() >= 0) {
            gen.writeNumber(e.flags());
        } else {
            gen.writeNumber(new BigInteger(Long.toUnsignedString(e.flags())));
        }
        gen.writeFieldName("Value");
        if (e.value() == null) {
            gen.writeNull();
        } else {
            gen.writeBinary(e.value());
        }
        if (!e.session().isEmpty()) {
            gen.writeStringField("Session", e.session());
        }
        gen.writeNumberField("CreateIndex", e.createIndex());
        gen.writeNumberField("ModifyIndex", e.modifyIndex());
        gen.writeEndObject();
    }
}
