package io.proconsul.cli.command.snapshot;

import io.proconsul.raft.snapshot.SnapshotArchive;
import io.proconsul.raft.snapshot.SnapshotMeta;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code consul snapshot inspect FILE} (command/snapshot/inspect): reads and verifies a local archive, no
 * agent involved, and prints its metadata as Consul's tabwriter lays it out ({@code " ID"}, {@code " Size"},
 * {@code " Index"}, {@code " Term"}, {@code " Version"}: a leading space, values in one column). Consul's per-type size table is not
 * printed: our {@code state.bin} has column families rather than Consul's message types.
 */
@Command(
        name = "inspect",
        customSynopsis = "consul snapshot inspect [options] FILE",
        description = {"Displays information about a Consul snapshot file", "",
            "  Displays information about a snapshot file on disk.", "",
            "  To inspect the file \"backup.snap\":", "",
            "    $ consul snapshot inspect backup.snap", ""})
public final class SnapshotInspectCommand implements Callable<Integer> {

    /**
     * Consul's pretty formatter (1.10 and later) writes each key with a leading space to a tabwriter of
     * minwidth 8 and padding 6, so the values start 6 columns after " Version", at column 14.
     */
    static final int KEY_WIDTH = " Version".length() + 6;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    SnapshotFile snapshotFile;

    @Override
    public Integer call() {
        String file = snapshotFile.get(this::error);
        if (file == null) {
            return 1;
        }
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
        } catch (IOException e) {
            error("Error opening snapshot file: open " + file + ": no such file or directory");
            return 1;
        }
        SnapshotMeta meta;
        try (in) {
            meta = SnapshotArchive.read(in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            error("Error extracting snapshot data: " + e.getMessage());
            return 1;
        }
        output(row("ID", meta.id()));
        output(row("Size", Long.toString(meta.size())));
        output(row("Index", Long.toString(meta.index())));
        output(row("Term", Long.toString(meta.term())));
        output(row("Version", Integer.toString(meta.version())));
        return 0;
    }

    static String row(String key, String value) {
        String cell = " " + key;
        return cell + " ".repeat(KEY_WIDTH - cell.length()) + value;
    }

    private static void output(String line) {
        write(System.out, line);
    }

    private void error(String line) {
        write(System.err, line);
    }

    private static void write(PrintStream stream, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
        stream.flush();
    }
}
