package io.proconsul.http.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.http.ApiException;
import io.proconsul.http.JsonCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TxnCodecTest {

    private final JsonCodec json = new JsonCodec();

    private TxnCodec.Decoded decode(String body) {
        return TxnCodec.decode(json, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void decodesEveryFieldCaseInsensitively() {
        TxnCodec.Decoded d = decode("[{\"kv\":{\"verb\":\"cas\",\"KEY\":\"a/b\",\"Value\":\"aGk=\",\"flags\":18446744073709551615,"
                + "\"Index\":7,\"Session\":\"s1\"}},{\"KV\":{\"Verb\":\"get\",\"Key\":\"a/b\",\"Value\":null}}]");
        assertThat(d.errors()).isEmpty();
        assertThat(d.writes()).isEqualTo(1);
        KvOp cas = (KvOp) d.ops().get(0);
        assertThat(cas.verb()).isEqualTo(KvVerb.CAS);
        assertThat(cas.key()).isEqualTo("a/b");
        assertThat(new String(cas.value(), StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(cas.flags()).isEqualTo(-1L);
        assertThat(cas.index()).isEqualTo(7);
        assertThat(cas.session()).isEqualTo("s1");
        KvOp get = (KvOp) d.ops().get(1);
        assertThat(get.value()).isNull();
        assertThat(get.isWrite()).isFalse();
    }

    @Test
    void nullBodyIsAnEmptyTransaction() {
        assertThat(decode("null").ops()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{} | Failed to parse body: json: cannot unmarshal object into Go value of type api.TxnOps",
        "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":5}}] | Failed to parse body: json: cannot unmarshal number 5 into Go struct field KVTxnOp.KV.Value of type []uint8",
        "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Flags\":-1}}] | Failed to parse body: json: cannot unmarshal number -1 into Go struct field KVTxnOp.KV.Flags of type uint64",
        "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"@@\"}}] | Failed to parse body: illegal base64 data at input byte 0",
        "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"YWJj!\"}}] | Failed to parse body: illegal base64 data at input byte 4",
        "[{\"KV\":{\"Verb\":7,\"Key\":\"k\"}}] | Failed to parse body: json: cannot unmarshal number 7 into Go struct field KVTxnOp.KV.Verb of type string",
    })
    void undecodableBodiesAre400(String body, String message) {
        assertThatThrownBy(() -> decode(body)).isInstanceOf(ApiException.BadRequest.class).hasMessage(message);
    }

    @Test
    void malformedJsonIs400() {
        assertThatThrownBy(() -> decode("[{")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessageStartingWith("Failed to parse body: ");
    }

    @Test
    void unknownVerbsAndEmptyKeysRollBack() {
        TxnCodec.Decoded d = decode("[{\"KV\":{\"Verb\":\"get-or-explode\",\"Key\":\"k\"}},{\"Node\":{\"Verb\":\"set\"}}]");
        assertThat(d.errors()).extracting(e -> e.opIndex() + ":" + e.what())
                .containsExactly("0:unknown KV verb \"get-or-explode\"",
                        "1:unsupported operation: only KV operations are implemented");
        TxnCodec.Decoded empty = decode("[{\"KV\":{\"Verb\":\"get\",\"Key\":\"\"}},{\"KV\":{\"Verb\":\"delete-tree\"}}]");
        assertThat(empty.errors()).extracting(e -> e.opIndex() + ":" + e.what()).containsExactly("0:Must provide key");
    }
}
