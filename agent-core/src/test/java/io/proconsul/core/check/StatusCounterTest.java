package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Consul's StatusHandler cases: p = passing, w = warning, c = critical; "-" = held back. */
class StatusCounterTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // no thresholds: everything is reported
                Arguments.of(0, 0, "pcwpc", "pcwpc"),
                // first result is reported at once (counters start at their thresholds)
                Arguments.of(3, 3, "p", "p"),
                Arguments.of(3, 3, "c", "c"),
                // failures_before_critical=3: two failures are held back, the third reported
                Arguments.of(0, 3, "pccc", "p--c"),
                // a success in between resets the failure count
                Arguments.of(0, 3, "pccpccc", "p--p--c"),
                // success_before_passing=2: after a failure, one success is held back
                Arguments.of(2, 0, "cpp", "c-p"),
                Arguments.of(2, 0, "cpcpp", "c-c-p"),
                // a warning counts as a success, and is reported as a warning
                Arguments.of(2, 0, "cww", "c-w"),
                // both: flips need their runs, repeats of the reported state keep reporting
                Arguments.of(2, 2, "ppccppcc", "pp-c-p-c"));
    }

    @ParameterizedTest(name = "success_before_passing={0} failures_before_critical={1}: {2} -> {3}")
    @MethodSource("cases")
    void reportsOnlyAfterConsecutiveRuns(int successBeforePassing, int failuresBeforeCritical, String in,
            String expected) {
        StatusCounter counter = new StatusCounter(successBeforePassing, failuresBeforeCritical);
        List<String> reported = new ArrayList<>();
        for (char c : in.toCharArray()) {
            CheckResult r = switch (c) {
                case 'p' -> CheckResult.passing("");
                case 'w' -> CheckResult.warning("");
                default -> CheckResult.critical("");
            };
            CheckResult out = counter.next(r);
            reported.add(out == null ? "-" : out.status().substring(0, 1));
        }
        assertThat(String.join("", reported)).isEqualTo(expected);
    }
}
