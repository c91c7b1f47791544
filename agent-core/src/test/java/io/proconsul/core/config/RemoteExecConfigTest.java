package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code disable_remote_exec}: true unless configured, as in Consul since 0.8; read without a warning. */
class RemoteExecConfigTest {

    @TempDir
    Path tmp;

    private LoadedConfig load(String hcl) throws Exception {
        Path f = tmp.resolve("a.hcl");
        Files.writeString(f, "data_dir = \"" + tmp.resolve("data") + "\"\n" + hcl);
        return ConfigLoaderTest.loader().configPaths(List.of(f.toString())).load();
    }

    @Test
    void remoteExecIsDisabledByDefaultAndCanBeEnabled() throws Exception {
        assertThat(load("").config().disableRemoteExec()).isTrue();
        LoadedConfig enabled = load("disable_remote_exec = false\n");
        assertThat(enabled.config().disableRemoteExec()).isFalse();
        assertThat(enabled.warnings()).noneMatch(w -> w.contains("disable_remote_exec"));
        assertThat(load("disable_remote_exec = true\n").config().disableRemoteExec()).isTrue();
        assertThat(enabled.config().withDataDir("/x").disableRemoteExec()).as("kept by withers").isFalse();
    }
}
