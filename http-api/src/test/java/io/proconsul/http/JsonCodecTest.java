package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.model.KvEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private final JsonCodec json = new JsonCodec();

    @JsonPropertyOrder({"B", "A", "Empty", "None"})
    record Shape(@JsonProperty("B") int b, @JsonProperty("A") List<String> a,
            @JsonProperty("Empty") Map<String, String> empty, @JsonProperty("None") List<String> none) {}

    @Test
    void prettyMatchesGoMarshalIndent() throws Exception {
        String out = json.toString(new Shape(1, List.of("x", "y"), new TreeMap<>(), List.of()), true);
        assertThat(out).isEqualTo("{\n"
                + "    \"B\": 1,\n"
                + "    \"A\": [\n"
                + "        \"x\",\n"
                + "        \"y\"\n"
                + "    ],\n"
                + "    \"Empty\": {},\n"
                + "    \"None\": []\n"
                + "}\n");
    }

    @Test
    void compactHasNoWhitespace() throws Exception {
        assertThat(json.toString(new Shape(1, List.of("x"), Map.of(), null), false))
                .isEqualTo("{\"B\":1,\"A\":[\"x\"],\"Empty\":{},\"None\":null}");
        assertThat(json.toString(true, false)).isEqualTo("true");
        assertThat(json.toString(true, true)).isEqualTo("true\n");
    }

    @Test
    void escapesHtmlAndControlCharactersAsGoDoes() throws Exception {
        assertThat(json.toString("<a&b>\u0001\n\u2028é", false))
                .isEqualTo("\"\\u003ca\\u0026b\\u003e\\u0001\\n\\u2028é\"");
    }

    @Test
    void fastKvEntrySerializerMatchesTheAnnotatedModel() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
        for (KvEntry e : List.of(
                new KvEntry(3, "a/b", -5L, new byte[] {0, 1, (byte) 200}, "sess-1", 5, 9),
                new KvEntry(0, "x", 0, null, "", 1, 1),
                new KvEntry(1, "é<&>", Long.MAX_VALUE, new byte[0], "", 2, 3))) {
            assertThat(json.toString(e, false)).isEqualTo(plain.writeValueAsString(e)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"));
        }
    }

    @Test
    void kvEntryHasConsulFieldsAndUnsignedFlags() throws Exception {
        KvEntry e = new KvEntry(0, "foo", -1L, "bar".getBytes(StandardCharsets.UTF_8), "", 5, 6);
        assertThat(json.toString(List.of(e), false)).isEqualTo("[{\"LockIndex\":0,\"Key\":\"foo\","
                + "\"Flags\":18446744073709551615,\"Value\":\"YmFy\",\"CreateIndex\":5,\"ModifyIndex\":6}]");
    }
}
