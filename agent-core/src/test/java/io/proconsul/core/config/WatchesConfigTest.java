package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watches}: kept as written (the agent checks them when it starts them), appended across files. */
class WatchesConfigTest {

    @TempDir
    Path tmp;

    @Test
    void watchesFromHclAndJsonAppendInFileOrder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(dir.resolve("a.hcl"), "data_dir = \"" + tmp.resolve("data") + "\"\n"
                + "watches = [{ type = \"key\"\n key = \"a/b\"\n args = [\"/bin/handler\", \"-x\"] }]\n");
        Files.writeString(dir.resolve("b.json"), "{\"watches\": [{\"type\": \"service\", \"service\": \"web\","
                + " \"tag\": [\"v1\"], \"passingonly\": true, \"handler_type\": \"http\","
                + " \"http_handler_config\": {\"path\": \"http://127.0.0.1:1/h\", \"header\": {\"x\": [\"1\"]}}}]}");
        LoadedConfig loaded = ConfigLoaderTest.loader().configPaths(List.of(dir.toString())).load();
        assertThat(loaded.warnings()).noneMatch(w -> w.contains("watches"));
        List<Map<String, Object>> watches = loaded.config().watches();
        assertThat(watches).hasSize(2);
        assertThat(watches.get(0)).containsEntry("type", "key").containsEntry("key", "a/b")
                .containsEntry("args", List.of("/bin/handler", "-x"));
        assertThat(watches.get(1)).containsEntry("passingonly", true).containsEntry("tag", List.of("v1"))
                .containsEntry("http_handler_config", Map.of("path", "http://127.0.0.1:1/h",
                        "header", Map.of("x", List.of("1"))));
    }

    @Test
    void noWatchesByDefaultAndAWatchMustBeAnObject() throws Exception {
        Path f = tmp.resolve("a.json");
        Files.writeString(f, "{\"data_dir\": \"" + tmp.resolve("data") + "\"}");
        assertThat(ConfigLoaderTest.loader().configPaths(List.of(f.toString())).load().config().watches()).isEmpty();
        Files.writeString(f, "{\"data_dir\": \"" + tmp.resolve("data") + "\", \"watches\": [\"key\"]}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoaderTest.loader().configPaths(List.of(f.toString())).load());
        assertThat(e.getMessage()).isEqualTo(f + ": watches: expected a map, got 'string'");
    }
}
