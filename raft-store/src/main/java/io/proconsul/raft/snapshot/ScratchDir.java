package io.proconsul.raft.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory where snapshot uploads and half-written archives are spooled, on servers and client agents
 * alike.
 */
public final class ScratchDir {

    private static final Logger log = LoggerFactory.getLogger(ScratchDir.class);

    private ScratchDir() {}

    /**
     * Deletes the files a crash left behind (an upload, a half-written archive). Call it at start-up, before
     * the HTTP API serves anything, so that none of them is in use. A failure is logged, never thrown.
     */
    public static void removeLeftovers(Path scratch) {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (Stream<Path> files = Files.list(scratch)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            log.warn("snapshot: could not clear {}: {}", scratch, e.getMessage());
        }
    }
}
