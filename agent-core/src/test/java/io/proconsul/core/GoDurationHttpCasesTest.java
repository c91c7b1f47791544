package io.proconsul.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ?wait and ?max_stale values the HTTP API parses with {@link GoDuration}. */
class GoDurationHttpCasesTest {

    @ParameterizedTest
    @CsvSource({
        "10s, 10000",
        "5m, 300000",
        "1m30s, 90000",
        "500ms, 500",
        "1h, 3600000",
        "1.5h, 5400000",
        "0, 0",
        "2h45m, 9900000",
        "1500us, 1",
        "-1s, -1000",
        "+3s, 3000",
    })
    void parsesGoSyntax(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis).plusNanos(text.equals("1500us") ? 500_000 : 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "1x", "1..5s", "abc", "-", "5 s", "1m30"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
