package io.proconsul.cli.command.snapshot;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code consul snapshot restore [options] FILE} (command/snapshot/restore): streams the file to
 * {@code PUT /v1/snapshot}; the servers verify it and replace their whole state with it. Prints "Restored
 * snapshot", or Consul's "Error restoring snapshot: ..." with exit 1.
 */
@Command(
        name = "restore",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul snapshot restore [options] FILE",
        description = {"Restores snapshot of Consul server state", "",
            "  Restores an atomic, point-in-time snapshot of the state of the Consul servers",
            "  which includes key/value entries, service catalog, sessions and the other",
            "  replicated tables.", "",
            "  Restores involve a potentially dangerous low-level Raft operation that is not",
            "  designed to handle server failures during a restore. This command is primarily",
            "  intended to be used when recovering from a disaster, restoring into a fresh",
            "  cluster of Consul servers.", "",
            "  To restore a snapshot from the file \"backup.snap\":", "",
            "    $ consul snapshot restore backup.snap", ""})
public final class SnapshotRestoreCommand extends AgentApiCommand {

    @Mixin
    SnapshotFile snapshotFile;

    @Override
    public Integer call() {
        String file = snapshotFile.get(this::error);
        if (file == null) {
            return 1;
        }
        Path source = Path.of(file);
        if (!Files.isReadable(source)) {
            error("Error opening snapshot file: open " + file + ": no such file or directory");
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        ConsulHttpClient.Response r;
        try {
            r = client.get().upload("/v1/snapshot", Map.of(), source);
        } catch (ConsulApiException e) {
            return fail("Error restoring snapshot: ", e);
        }
        if (r.status() != 200) {
            error("Error restoring snapshot: " + ConsulApiException.unexpectedStatus(r.status(),
                    new String(r.body(), StandardCharsets.UTF_8)).getMessage());
            return 1;
        }
        output("Restored snapshot");
        return 0;
    }
}
