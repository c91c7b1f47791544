package io.proconsul.http.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.operator.AutopilotConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The PUT body of {@code /v1/operator/autopilot/configuration}, decoded as Consul decodes it. */
class AutopilotConfigDecoderTest {

    private static AutopilotConfig decode(String body) {
        return AutopilotConfigDecoder.decode(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingFieldsTakeConsulsDefaultsNotTheStoredValues() {
        AutopilotConfig c = decode("{\"MinQuorum\": 3}");
        assertThat(c).isEqualTo(
                new AutopilotConfig(true, Duration.ofMillis(200), 250, 3, Duration.ofSeconds(10), 0, 0));
    }

    @Test
    void everyFieldCaseInsensitiveIndexesIgnored() {
        AutopilotConfig c = decode("{\"cleanupdeadservers\": false, \"LastContactThreshold\": \"1m30s\","
                + " \"MAXTRAILINGLOGS\": 10, \"MinQuorum\": 5, \"ServerStabilizationTime\": 2000000000,"
                + " \"RedundancyZoneTag\": \"az\", \"DisableUpgradeMigration\": true, \"UpgradeVersionTag\": \"\","
                + " \"CreateIndex\": 9, \"ModifyIndex\": 9, \"Unknown\": [1]}");
        assertThat(c).isEqualTo(new AutopilotConfig(false, Duration.ofSeconds(90), 10, 5, Duration.ofSeconds(2), 0, 0));
    }

    @Test
    void aBareNumberStringIsSeconds() {
        assertThat(decode("{\"ServerStabilizationTime\": \"30\"}").serverStabilizationTime())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|EOF",
        "[]|json: cannot unmarshal array into Go value of type api.AutopilotConfiguration",
        "{\"CleanupDeadServers\": \"yes\"}|json: cannot unmarshal string into Go struct field "
                + "AutopilotConfiguration.CleanupDeadServers of type bool",
        "{\"MaxTrailingLogs\": -1}|json: cannot unmarshal number -1 into Go struct field "
                + "AutopilotConfiguration.MaxTrailingLogs of type uint64",
        "{\"MinQuorum\": \"3\"}|json: cannot unmarshal string into Go struct field "
                + "AutopilotConfiguration.MinQuorum of type uint",
        "{\"LastContactThreshold\": \"5x\"}|time: unknown unit \"x\" in duration \"5x\""})
    void badBodiesSayWhy(String body, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decode(body));
        assertThat(e.getMessage()).isEqualTo(reason);
    }

    @Test
    void malformedJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> decode("{\"MinQuorum\": "));
    }
}
