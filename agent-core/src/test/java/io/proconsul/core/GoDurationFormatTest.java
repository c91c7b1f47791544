package io.proconsul.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link GoDuration#format}: Go's {@code Duration.String()} as Consul prints it in JSON and {@code info}. */
class GoDurationFormatTest {

    @ParameterizedTest
    @CsvSource({"0, 0s", "850, 850ns", "1500, 1.5\u00b5s", "27291304, 27.291304ms", "200000000, 200ms",
        "5000000, 5ms", "999000000, 999ms", "500000000, 500ms", "1000000000, 1s", "1500000000, 1.5s",
        "10000000000, 10s", "30000000000, 30s", "61250000000, 1m1.25s", "90000000000, 1m30s", "120000000000, 2m0s",
        "300000000000, 5m0s", "3600000000000, 1h0m0s", "3600500000000, 1h0m0.5s", "3723000000000, 1h2m3s",
        "-1500000, -1.5ms"})
    void printsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
