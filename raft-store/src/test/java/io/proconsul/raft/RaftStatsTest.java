package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RaftStatsTest {

    @ParameterizedTest
    @CsvSource({"5,5ms", "999,999ms", "1000,1s", "1500,1.5s", "61250,1m1.25s", "120000,2m0s", "3723000,1h2m3s"})
    void lastContactReadsLikeAGoDuration(long millis, String text) {
        assertThat(RaftStats.goDuration(millis)).isEqualTo(text);
    }
}
