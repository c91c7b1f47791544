package io.proconsul.cli.command.snapshot;

import java.util.List;

/** The one FILE argument of the snapshot commands, checked with Consul's texts. */
final class SnapshotFile {

    private SnapshotFile() {}

    /** The file, or null after printing why not through {@code error}. */
    static String of(List<String> args, java.util.function.Consumer<String> error) {
        if (args.isEmpty()) {
            error.accept("Missing FILE argument");
            return null;
        }
        if (args.size() > 1) {
            error.accept("Too many arguments (expected 1, got " + args.size() + ")");
            return null;
        }
        return args.get(0);
    }
}
