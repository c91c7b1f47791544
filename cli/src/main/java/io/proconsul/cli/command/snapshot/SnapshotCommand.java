package io.proconsul.cli.command.snapshot;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code consul snapshot}: {@code save}, {@code restore} and {@code inspect}; alone, its help and exit 1. */
@Command(
        name = "snapshot",
        description = {"Saves, restores and inspects snapshots of Consul server state", "",
            "  The snapshot command has subcommands for saving, restoring, and inspecting the",
            "  state of the Consul servers for disaster recovery. These are atomic, point-in-time",
            "  snapshots which include key/value entries, the service catalog, sessions and the",
            "  other replicated tables.", "",
            "  Snapshots are also accessible via the HTTP API (/v1/snapshot). Proconsul's",
            "  state.bin is its own: archives move between Proconsul servers, not to Consul.", ""},
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {SnapshotSaveCommand.class, SnapshotRestoreCommand.class, SnapshotInspectCommand.class})
public final class SnapshotCommand extends CommandGroup {}
