package io.proconsul.cli.command.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.local.DefinitionDecoder;
import io.proconsul.core.local.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul services register|deregister}: validation, file reading, flag merging, the request body. */
class ServicesCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @TempDir
    Path tmp;

    @Test
    void registerNeedsFilesOrName() {
        CliRun none = CliRun.run("services", "register", deadAddr);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("Service registration requires at least one argument or flags.\n");
        CliRun both = CliRun.run("services", "register", deadAddr, "-name=web", "web.json");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.stderr()).isEqualTo("Service registration requires arguments or -id, not both.\n");
    }

    @Test
    void deregisterNeedsFilesOrId() {
        CliRun none = CliRun.run("services", "deregister", deadAddr);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("Service deregistration requires at least one argument or -id.\n");
        CliRun both = CliRun.run("services", "deregister", deadAddr, "-id=web", "web.json");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.stderr()).isEqualTo("Service deregistration requires arguments or -id, not both.\n");
    }

    @Test
    void badFlagValues() {
        CliRun meta = CliRun.run("services", "register", deadAddr, "-name=web", "-meta=novalue");
        assertThat(meta.exitCode()).isEqualTo(1);
        assertThat(meta.stderr()).isEqualTo("invalid value \"novalue\" for flag -meta: Missing \"=\" value in "
                + "argument: novalue\n");
        CliRun tagged = CliRun.run("services", "register", deadAddr, "-name=web", "-tagged-address=lan=10.0.0.1:x");
        assertThat(tagged.exitCode()).isEqualTo(1);
        assertThat(tagged.stderr()).isEqualTo("Invalid Tagged Address: invalid port \"x\": strconv.Atoi: parsing "
                + "\"x\": invalid syntax\n");
        CliRun port = CliRun.run("services", "register", deadAddr, "-name=web", "-port=eighty");
        assertThat(port.exitCode()).isEqualTo(1);
        assertThat(port.stderr()).contains("-port");
    }

    @Test
    void anInvalidFileIsReportedAsTheAgentWouldReportIt() throws IOException {
        Path f = tmp.resolve("web.json");
        Files.writeString(f, "{\"service\": {\"name\": \"web\", \"check\": {\"http\": \"http://localhost\"}}}");
        CliRun run = CliRun.run("services", "register", deadAddr, f.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error: " + f + ": service.check: Interval must be > 0 for Script, HTTP, "
                + "H2PING, TCP, UDP or OSService checks\n");
        CliRun missing = CliRun.run("services", "deregister", deadAddr, tmp.resolve("nope.hcl").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("Error: config: Open failed on ");
    }

    @Test
    void anUnreachableAgentIsReportedWithTheServiceName() {
        CliRun run = CliRun.run("services", "register", deadAddr, "-name=web");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error registering service \"web\": Put \"http://127.0.0.1:")
                .contains("Is the agent running?");
    }

    @Test
    void filesAreReadAsAgentConfigAndFlagsFillTheGaps() throws Exception {
        Path f = tmp.resolve("svc.hcl");
        Files.writeString(f, "service { name = \"db\" tags = [\"primary\"] meta { v = \"1\" } }\n"
                + "services = [{ name = \"cache\", port = 6379 }]");
        List<ServiceDefinition> read = ServiceFiles.read(List.of(f.toString()));
        assertThat(read).extracting(ServiceDefinition::name).containsExactly("db", "cache");
        ServiceDefinition flags = new ServiceDefinition("", "x", "ignored", List.of("extra"), "10.0.0.9",
                Map.of("lan", new ServiceAddress("10.0.0.9", 1)), Map.of("w", "2"), 5432, null, false, List.of());
        ServiceDefinition db = ServicesRegisterCommand.combine(read.get(0), flags);
        assertThat(db.name()).isEqualTo("db");
        assertThat(db.id()).isEqualTo("x");
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.address()).isEqualTo("10.0.0.9");
        assertThat(db.tags()).containsExactly("primary", "extra");
        assertThat(db.meta()).containsEntry("v", "1").containsEntry("w", "2");
        assertThat(ServicesRegisterCommand.combine(read.get(1), flags).port()).as("the file's port wins")
                .isEqualTo(6379);
    }

    @Test
    void taggedAddressForms() {
        assertThat(ServicesRegisterCommand.serviceAddress("10.0.0.1:8080")).isEqualTo(new ServiceAddress("10.0.0.1",
                8080));
        assertThat(ServicesRegisterCommand.serviceAddress("10.0.0.1")).isEqualTo(new ServiceAddress("10.0.0.1", 0));
        assertThat(ServicesRegisterCommand.serviceAddress("[::1]:53")).isEqualTo(new ServiceAddress("::1", 53));
        assertThat(ServicesRegisterCommand.serviceAddress("::1")).isEqualTo(new ServiceAddress("::1", 0));
        assertThrows(IllegalArgumentException.class, () -> ServicesRegisterCommand.serviceAddress("h:port"));
    }

    /** The request body decodes back to the same definition, through the decoder the agent uses. */
    @Test
    void theBodyIsConsulsRegistrationAndRoundTrips() throws Exception {
        Path f = tmp.resolve("r.json");
        Files.copy(Path.of("..", "config-samples", "mysql", "r-3333-mysql-test.json"), f);
        ServiceDefinition s = ServiceFiles.read(List.of(f.toString())).get(0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = ServiceRegistration.toJson(s, json);
        assertThat(body.get("Name").asText()).isEqualTo("r-3333-mysql-test");
        assertThat(body.get("Port").asInt()).isEqualTo(3333);
        assertThat(body.at("/Checks/0/Args/0").asText()).isEqualTo("/data/consul/shell/check_mysql_slave.sh");
        assertThat(body.at("/Checks/0/Interval").asText()).isEqualTo("15s");
        assertThat(body.at("/Checks/0/CheckID").asText()).isEqualTo("r-3333-mysql-test-role");
        assertThat(body.has("ID")).as("omitempty").isFalse();
        assertThat(DefinitionDecoder.serviceFromJson(body)).isEqualTo(s);
    }
}
