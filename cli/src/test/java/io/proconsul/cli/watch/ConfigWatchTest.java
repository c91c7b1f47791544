package io.proconsul.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's checks of a configured watch, with Consul's texts. */
class ConfigWatchTest {

    private static String error(Map<String, Object> params) {
        return assertThrows(WatchSpec.InvalidException.class, () -> ConfigWatch.parse(params)).getMessage();
    }

    @Test
    void handlerRules() {
        assertThat(error(Map.of("type", "key", "key", "k"))).isEqualTo("Must define a watch handler");
        assertThat(error(Map.of("type", "key", "key", "k", "handler", "a", "args", List.of("b"))))
                .isEqualTo("Only one watch handler allowed");
        assertThat(error(Map.of("type", "key", "key", "k", "args", List.of("b"), "handler_type", "http",
                "http_handler_config", Map.of("path", "http://x")))).isEqualTo("Only one watch handler allowed");
        assertThat(error(Map.of("type", "key", "key", "k", "handler", List.of("a"))))
                .isEqualTo("Watch handler must be a string");
        assertThat(error(Map.of("type", "key", "key", "k", "args", "a")))
                .isEqualTo("Watch args must be a list of strings");
        assertThat(error(Map.of("type", "key", "key", "k", "handler_type", "grpc", "args", List.of("a"))))
                .isEqualTo("Handler type 'grpc' not recognized");
        assertThat(error(Map.of("type", "connect_roots", "args", List.of("a"))))
                .isEqualTo("Watch type connect_roots is not allowed in agent config");
    }

    @Test
    void parseErrorsNameWhatWasLeftUnread() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", "key");
        params.put("args", List.of("/bin/true"));
        assertThat(error(params)).isEqualTo("Failed to parse watch (map[string]interface {}{\"args\":"
                + "[]interface {}{\"/bin/true\"}}): Must specify a single key to watch");
        assertThat(error(Map.of("type", "key", "key", "k", "handler_type", "http",
                "http_handler_config", Map.of("method", "PUT"))))
                .isEqualTo("Failed to parse watch (map[string]interface {}{\"http_handler_config\":"
                        + "map[string]interface {}{\"method\":\"PUT\"}, \"key\":\"k\"}): "
                        + "Failed to parse 'http_handler_config': Requires 'path' to be set");
    }

    @Test
    void httpHandlerConfigDefaults() throws Exception {
        HttpHandlerConfig c = HttpHandlerConfig.parse(Map.of("path", "http://127.0.0.1/x"));
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        HttpHandlerConfig d = HttpHandlerConfig.parse(List.of(Map.of("path", "https://h/x", "method", "PUT",
                "timeout", "1m30s", "header", Map.of("a", "1", "b", List.of("2", "3")), "tls_skip_verify", true)));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(d.header()).isEqualTo(Map.of("a", List.of("1"), "b", List.of("2", "3")));
        assertThat(d.tlsSkipVerify()).isTrue();
        assertThat(assertThrows(WatchSpec.InvalidException.class, () -> HttpHandlerConfig.parse(
                Map.of("path", "http://x", "timeout", "soon"))).getMessage())
                .startsWith("Failed to parse 'http_handler_config': Failed to parse timeout: time: invalid duration");
    }
}
