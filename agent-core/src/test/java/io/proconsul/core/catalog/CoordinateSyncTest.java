package io.proconsul.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The send interval: Consul's lib.RateScaledInterval with the numbers of its TestRateScaledInterval. */
class CoordinateSyncTest {

    @ParameterizedTest
    @CsvSource({"0, 1000", "100, 1000", "200, 1000", "1000, 5000", "10000, 50000"})
    void intervalScalesWithTheClusterSizeAboveTheMinimum(int members, long expectedMillis) {
        assertThat(CoordinateSync.rateScaledInterval(200.0, Duration.ofSeconds(1), members))
                .isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @CsvSource({"3, 15000", "960, 15000", "1920, 30000"})
    void consulsDefaultsSendEveryFifteenSecondsUpToNineHundredSixtyMembers(int members, long expectedMillis) {
        assertThat(CoordinateSync.rateScaledInterval(CoordinateSync.RATE_TARGET, CoordinateSync.INTERVAL_MIN,
                members)).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
