package io.proconsul.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.kv.CliRun;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionCommandTest {

    @Test
    void prettyOutputHasConsulsLinesAndATrailingBlankLine() {
        CliRun run = CliRun.run("version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.out()).matches("Consul v1\\.20\\.0\n"
                + "Revision proconsul-0\\.1\\.0\n"
                + "Build Date \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n"
                + "Protocol 2 spoken by default, understands 1 to 5 "
                + "\\(agent will automatically use protocol >2 when speaking to compatible agents\\)\n\n");
    }

    @Test
    void prettyFormatIsExact() {
        assertThat(VersionCommand.pretty(Instant.parse("2024-10-14T14:53:49.123Z"))).isEqualTo(
                "Consul v1.20.0\nRevision proconsul-0.1.0\nBuild Date 2024-10-14T14:53:49Z\n"
                        + "Protocol 2 spoken by default, understands 1 to 5 (agent will automatically use "
                        + "protocol >2 when speaking to compatible agents)\n");
    }

    @Test
    void jsonFormatIsGoMarshalIndentWithThreeSpaces() throws Exception {
        String json = VersionCommand.json(Instant.parse("2022-06-01T13:18:45Z"));
        assertThat(json).isEqualTo("{\n"
                + "   \"Version\": \"1.20.0\",\n"
                + "   \"Revision\": \"proconsul-0.1.0\",\n"
                + "   \"Prerelease\": \"\",\n"
                + "   \"BuildDate\": \"2022-06-01T13:18:45Z\",\n"
                + "   \"RPC\": {\n"
                + "      \"Default\": 2,\n"
                + "      \"Min\": 1,\n"
                + "      \"Max\": 5\n"
                + "   }\n"
                + "}");
        CliRun run = CliRun.run("version", "-format=json");
        assertThat(run.exitCode()).isZero();
        JsonNode parsed = new ObjectMapper().readTree(run.stdout());
        assertThat(parsed.get("Version").asText()).isEqualTo("1.20.0");
    }

    @Test
    void unknownFormatExitsOne() {
        CliRun run = CliRun.run("version", "-format=yaml");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Unknown format: yaml\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("version", "-bogus");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("-bogus");
    }
}
