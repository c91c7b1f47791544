package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

    @TempDir
    Path tmp;

    private AgentConfig config(String dataDir, String nodeId) throws ConfigException {
        FlagSource flags = new FlagSource().set("data_dir", dataDir).set("node_id", nodeId);
        return ConfigLoaderTest.loader().flags(flags).load().config();
    }

    @Test
    void aNewIdIsWrittenPrivatelyAndKeptAcrossRestarts() throws Exception {
        Path data = tmp.resolve("data");
        String first = NodeIdentity.resolve(config(data.toString(), null));
        Path file = data.resolve("node-id");
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(NodeIdentity.uuidProblem(first)).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(NodeIdentity.apply(config(data.toString(), null)).nodeId()).isEqualTo(first);
    }

    @Test
    void theIdInTheFileIsTrimmedLowerCasedAndChecked() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(data.resolve("node-id"), "  ADF4238A-882B-9DDC-4A9D-5B6758E4159E\n");
        assertThat(NodeIdentity.resolve(config(data.toString(), null)))
                .isEqualTo("adf4238a-882b-9ddc-4a9d-5b6758e4159e");
        Files.writeString(data.resolve("node-id"), "garbage");
        assertThatThrownBy(() -> NodeIdentity.resolve(config(data.toString(), null)))
                .hasMessage(data.resolve("node-id") + ": uuid string is wrong length");
    }

    @Test
    void aConfiguredIdWinsAndIsNotWritten() throws Exception {
        Path data = tmp.resolve("d");
        String id = "0c1a4f6e-1111-2222-3333-444455556666";
        assertThat(NodeIdentity.resolve(config(data.toString(), id.toUpperCase()))).isEqualTo(id);
        assertThat(data.resolve("node-id")).doesNotExist();
    }

    @Test
    void devModeWithoutDataDirGetsAFreshIdEachTime() throws Exception {
        AgentConfig dev = ConfigLoaderTest.loader().devMode(true).load().config();
        String a = NodeIdentity.resolve(dev);
        assertThat(NodeIdentity.uuidProblem(a)).isNull();
        assertThat(NodeIdentity.resolve(dev)).isNotEqualTo(a);
        assertThat(List.of(tmp.toFile().list())).isEmpty();
    }
}
