package io.proconsul.cli.command.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Parameters;

/**
 * The one FILE argument of the snapshot commands as a picocli mixin ({@code save}, {@code restore} and
 * {@code inspect} take exactly one), checked with Consul's texts.
 */
final class SnapshotFile {

    @Parameters(hidden = true, arity = "0..*")
    List<String> args = new ArrayList<>();

    /**
     * The file, or null after printing why not ("Missing FILE argument", "Too many arguments ...") to
     * {@code error}.
     */
    String get(Consumer<String> error) {
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
