package io.proconsul.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KvEntryJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesConsulFieldsInConsulOrderWithoutEmptySession() throws Exception {
        KvEntry e = new KvEntry(0, "foo", 42, "bar".getBytes(StandardCharsets.UTF_8), "", 5, 7);
        assertThat(JSON.writeValueAsString(e)).isEqualTo(
                "{\"LockIndex\":0,\"Key\":\"foo\",\"Flags\":42,\"Value\":\"YmFy\",\"CreateIndex\":5,\"ModifyIndex\":7}");
    }

    @Test
    void writesNullValueAndSessionWhenHeld() throws Exception {
        KvEntry e = new KvEntry(1, "k", 0, null, "abc", 1, 1);
        assertThat(JSON.writeValueAsString(e)).contains("\"Value\":null", "\"Session\":\"abc\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9223372036854775807", "9223372036854775808", "18446744073709551615"})
    void flagsRoundTripAsUnsigned64Bit(String flags) throws Exception {
        String json = "{\"LockIndex\":0,\"Key\":\"k\",\"Flags\":" + flags
                + ",\"Value\":null,\"CreateIndex\":1,\"ModifyIndex\":1}";
        KvEntry e = JSON.readValue(json, KvEntry.class);
        assertThat(Long.toUnsignedString(e.flags())).isEqualTo(flags);
        assertThat(JSON.writeValueAsString(e)).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "18446744073709551616"})
    void flagsOutsideUint64AreRejected(String flags) {
        String json = "{\"Key\":\"k\",\"Flags\":" + flags + "}";
        assertThrows(InvalidFormatException.class, () -> JSON.readValue(json, KvEntry.class));
    }
}
