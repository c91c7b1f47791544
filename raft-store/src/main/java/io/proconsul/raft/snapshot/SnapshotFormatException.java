package io.proconsul.raft.snapshot;

import java.io.IOException;

/** A snapshot archive that is not one, is truncated, or fails its checksums; the message says which. */
public final class SnapshotFormatException extends IOException {

    public SnapshotFormatException(String message) {
        super(message);
    }
}
