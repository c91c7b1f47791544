package io.proconsul.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "1.5h, PT1H30M", "250ms, PT0.25S", "0, PT0S",
        "-2s, PT-2S", "10us, PT0.00001S", "168h, PT168H", "1m0s, PT1M",
    })
    void parsesGoSyntax(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc   | time: invalid duration \"abc\"",
        "30    | time: missing unit in duration \"30\"",
        "30x   | time: unknown unit \"x\" in duration \"30x\"",
        "''    | time: invalid duration \"\"",
        "1.2.3s| time: invalid duration \"1.2.3s\"",
    })
    void rejectsWithGosMessage(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
    }
}
