package io.proconsul.cli.command.snapshot;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.raft.snapshot.SnapshotArchive;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code consul snapshot save [options] FILE} (command/snapshot/save): streams {@code GET /v1/snapshot} into
 * {@code FILE.unverified}, verifies the archive (checksums, format), then renames it to {@code FILE} and
 * prints "Saved and verified snapshot to index N". {@code -stale} lets any server answer. Nothing is held
 * in memory whole.
 */
@Command(
        name = "save",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul snapshot save [options] FILE",
        description = {"Saves snapshot of Consul server state", "",
            "  Retrieves an atomic, point-in-time snapshot of the state of the Consul servers",
            "  which includes key/value entries, service catalog, sessions and the other",
            "  replicated tables.", "",
            "  To create a snapshot from the leader server and save it to \"backup.snap\":", "",
            "    $ consul snapshot save backup.snap", "",
            "  To create a potentially stale snapshot from any available server (useful if no",
            "  leader is available):", "",
            "    $ consul snapshot save -stale backup.snap", ""})
public final class SnapshotSaveCommand extends AgentApiCommand {

    @Mixin
    SnapshotFile snapshotFile;

    @Override
    public Integer call() {
        String file = snapshotFile.get(this::error);
        if (file == null) {
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        Path target = Path.of(file);
        Path unverified = Path.of(file + ".unverified");
        try {
            ConsulHttpClient.Response r;
            try {
                Files.deleteIfExists(unverified);
                r = client.get().download("/v1/snapshot", Map.of(), unverified);
            } catch (ConsulApiException e) {
                return fail("Error saving snapshot: ", e);
            }
            if (r.status() != 200) {
                error("Error saving snapshot: " + ConsulApiException.unexpectedStatus(r.status(),
                        new String(r.body(), StandardCharsets.UTF_8)).getMessage());
                return 1;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(unverified), 1 << 16)) {
                SnapshotArchive.read(in, OutputStream.nullOutputStream());
            } catch (IOException e) {
                error("Error verifying snapshot file: " + e.getMessage());
                return 1;
            }
            try {
                Files.move(unverified, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                error("Error renaming \"" + unverified + "\" to \"" + target + "\": " + e.getMessage());
                return 1;
            }
            output("Saved and verified snapshot to index " + r.index());
            return 0;
        } catch (IOException e) {
            error("Error creating snapshot file: " + e.getMessage());
            return 1;
        } finally {
            deleteQuietly(unverified);
        }
    }

    private void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            error("Error removing " + p + ": " + e.getMessage());
        }
    }
}
