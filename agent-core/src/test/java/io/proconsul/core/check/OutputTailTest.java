package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsEverythingUpToCapacity() {
        OutputTail tail = new OutputTail(8);
        tail.write("abcd".getBytes(StandardCharsets.UTF_8), 0, 4);
        tail.write(ByteBuffer.wrap("efgh".getBytes(StandardCharsets.UTF_8)));
        assertThat(tail.truncated()).isFalse();
        assertThat(tail.text()).isEqualTo("abcdefgh");
        assertThat(tail.scriptOutput()).isEqualTo("abcdefgh");
    }

    @Test
    void keepsTheLastBytesAndSaysHowManyThereWere() {
        OutputTail tail = new OutputTail(4);
        byte[] b = "0123456789".getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, 3);
        tail.write(b, 3, 7);
        assertThat(tail.totalWritten()).isEqualTo(10);
        assertThat(tail.text()).isEqualTo("6789");
        assertThat(tail.scriptOutput()).isEqualTo("Captured 4 of 10 bytes\n...\n6789");
    }

    @Test
    void ttlOutputKeepsTheStartWithConsulsNote() {
        assertThat(TtlRunner.truncate("hello", 5)).isEqualTo("hello");
        assertThat(TtlRunner.truncate("hello world", 5)).isEqualTo("hello ... (captured 5 of 11 bytes)");
    }
}
