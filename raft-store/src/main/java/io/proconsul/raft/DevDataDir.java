package io.proconsul.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The throwaway data directory of {@code -dev} without a {@code -data-dir}: removed again on close. */
final class DevDataDir {

    private static final Logger log = LoggerFactory.getLogger(DevDataDir.class);

    private final Path dir;

    private DevDataDir(Path dir) {
        this.dir = dir;
    }

    static DevDataDir create() throws IOException {
        return new DevDataDir(Files.createTempDirectory("proconsul-dev-"));
    }

    Path path() {
        return dir;
    }

    /** Removes the directory and everything in it; a failure is logged, not thrown (the store is closing). */
    void delete() {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("raft: could not remove dev data dir {}: {}", dir, e.getMessage());
        }
    }
}
