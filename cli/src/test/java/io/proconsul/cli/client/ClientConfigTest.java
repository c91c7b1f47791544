package io.proconsul.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutEnvironment() throws ConsulApiException {
        ConsulHttpClient client = ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of()));
        assertThat(client.address()).isEqualTo(new HttpAddress("http", "127.0.0.1:8500", ""));
        assertThat(client.token()).isEmpty();
        assertThat(client.uri("/v1/kv/a", Map.of()).toString()).isEqualTo("http://127.0.0.1:8500/v1/kv/a");
    }

    @Test
    void environmentSetsAddressTokenAndDatacenterDefaults() throws ConsulApiException {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of(
                "CONSUL_HTTP_ADDR", "10.1.2.3:8501",
                "CONSUL_HTTP_TOKEN", "env-token",
                "CONSUL_HTTP_SSL", "true",
                "CONSUL_NAMESPACE", "team"));
        ConsulHttpClient client = ConsulHttpClient.create(config);
        assertThat(client.address()).isEqualTo(new HttpAddress("https", "10.1.2.3:8501", ""));
        assertThat(client.token()).isEqualTo("env-token");
        assertThat(client.uri("/v1/kv/a", Map.of()).getRawQuery()).isEqualTo("ns=team");
    }

    @Test
    void flagsOverrideTheEnvironment() throws ConsulApiException {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of(
                "CONSUL_HTTP_ADDR", "10.1.2.3:8501", "CONSUL_HTTP_TOKEN", "env-token"))
                .address("http://127.0.0.1:9500").token("flag-token").datacenter("dc2");
        ConsulHttpClient client = ConsulHttpClient.create(config);
        assertThat(client.address().hostPort()).isEqualTo("127.0.0.1:9500");
        assertThat(client.token()).isEqualTo("flag-token");
        assertThat(client.uri("/v1/kv/a", Map.of("recurse", "")).getRawQuery()).isEqualTo("dc=dc2&recurse=");
    }

    @Test
    void tokenFileWinsOverTokenAndIsTrimmed() throws IOException, ConsulApiException {
        Path file = Files.writeString(dir.resolve("token"), "  file-token \n");
        ClientConfig config = ClientConfig.fromEnvironment(Map.of(
                "CONSUL_HTTP_TOKEN_FILE", file.toString(), "CONSUL_HTTP_TOKEN", "env-token"))
                .token("flag-token");
        assertThat(ConsulHttpClient.create(config).token()).isEqualTo("file-token");
    }

    @Test
    void blankTokenFileKeepsTheToken() throws IOException, ConsulApiException {
        Path file = Files.writeString(dir.resolve("token"), "\n");
        ClientConfig config = ClientConfig.fromEnvironment(Map.of()).token("flag-token").tokenFile(file.toString());
        assertThat(ConsulHttpClient.create(config).token()).isEqualTo("flag-token");
    }

    @Test
    void missingTokenFileIsAnError() {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of()).tokenFile(dir.resolve("nope").toString());
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> ConsulHttpClient.create(config));
        assertThat(e.getMessage()).isEqualTo(
                "Error loading token file: open " + dir.resolve("nope") + ": no such file or directory");
    }

    @ParameterizedTest
    @CsvSource({"true, https", "1, https", "T, https", "false, http", "yes, http", "'', http"})
    void consulHttpSslFollowsGoBooleans(String value, String scheme) throws ConsulApiException {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of("CONSUL_HTTP_SSL", value));
        assertThat(ConsulHttpClient.create(config).address().scheme()).isEqualTo(scheme);
    }
}
