package io.proconsul.serf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serf snapshot (after serf's {@code snapshot.go}): an append-only text log of the alive members and
 * the Lamport clocks, so a restarted agent can rejoin by itself and never reuses an old clock value. One
 * record a line: {@code alive <host:port> <name>}, {@code not-alive <name>}, {@code clock <n>},
 * {@code event-clock <n>}, {@code query-clock <n>} and {@code leave}. Unknown lines are skipped. When the
 * log outgrows {@code max(128 KiB, 256 bytes per alive member)} it is rewritten (compacted) to a temporary
 * file that atomically replaces it.
 *
 * <p>Thread-safe (synchronized); owned by the pool, which closes it.
 */
final class SnapshotLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotLog.class);
    private static final long MIN_COMPACT_SIZE = 128 * 1024;
    private static final long BYTES_PER_NODE = 128;
    private static final long COMPACTION_THRESHOLD = 2;

    private final Path path;
    private final Map<String, String> alive = new LinkedHashMap<>();
    private long clock;
    private long eventClock;
    private long queryClock;
    private long size;
    private BufferedWriter out;

    private SnapshotLog(Path path) {
        this.path = path;
    }

    /** Replays the log at {@code path} (if any) and opens it for appending. */
    static SnapshotLog open(Path path, boolean rejoinAfterLeave) throws IOException {
        SnapshotLog s = new SnapshotLog(path);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        if (Files.exists(path)) {
            s.replay(Files.readAllLines(path, StandardCharsets.UTF_8), rejoinAfterLeave);
            s.size = Files.size(path);
        }
        s.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return s;
    }

    private void replay(List<String> lines, boolean rejoinAfterLeave) {
        for (String line : lines) {
            String[] f = line.split(" ", 3);
            try {
                switch (f[0]) {
                    case "alive" -> alive.put(f[2], f[1]);
                    case "not-alive" -> alive.remove(f[1]);
                    case "clock" -> clock = Long.parseLong(f[1]);
                    case "event-clock" -> eventClock = Long.parseLong(f[1]);
                    case "query-clock" -> queryClock = Long.parseLong(f[1]);
                    case "leave" -> {
                        // After a graceful leave a restart must not pull the agent back in by itself.
                        if (!rejoinAfterLeave) {
                            alive.clear();
                            clock = 0;
                            eventClock = 0;
                            queryClock = 0;
                        }
                    }
                    default -> log.warn("serf: unknown snapshot record skipped: {}", line);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                log.warn("serf: malformed snapshot record skipped: {}", line);
            }
        }
    }

    /** The members alive when the log was last written: name to {@code host:port}. */
    synchronized Map<String, String> aliveNodes() {
        return Map.copyOf(alive);
    }

    synchronized long lastClock() {
        return clock;
    }

    synchronized long lastEventClock() {
        return eventClock;
    }

    synchronized long lastQueryClock() {
        return queryClock;
    }

    synchronized void alive(String name, String hostPort) {
        if (!hostPort.equals(alive.put(name, hostPort))) {
            append("alive " + hostPort + " " + name);
        }
    }

    synchronized void notAlive(String name) {
        if (alive.remove(name) != null) {
            append("not-alive " + name);
        }
    }

    /** Records the clocks that moved since the last call. */
    synchronized void clocks(long member, long event, long query) {
        if (member != clock) {
            clock = member;
            append("clock " + member);
        }
        if (event != eventClock) {
            eventClock = event;
            append("event-clock " + event);
        }
        if (query != queryClock) {
            queryClock = query;
            append("query-clock " + query);
        }
    }

    synchronized void leave() {
        append("leave");
        flush();
    }

    synchronized void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.error("serf: failed to flush the snapshot {}: {}", path, e.toString());
        }
        if (size > Math.max(MIN_COMPACT_SIZE, alive.size() * BYTES_PER_NODE * COMPACTION_THRESHOLD)) {
            compact();
        }
    }

    private void append(String record) {
        if (out == null) {
            return;
        }
        try {
            out.write(record);
            out.write('\n');
            size += record.length() + 1;
        } catch (IOException e) {
            log.error("serf: failed to append to the snapshot {}: {}", path, e.toString());
        }
    }

    private void compact() {
        Path tmp = path.resolveSibling(path.getFileName() + ".compact");
        StringBuilder b = new StringBuilder();
        alive.forEach((name, addr) -> b.append("alive ").append(addr).append(' ').append(name).append('\n'));
        b.append("clock ").append(clock).append('\n').append("event-clock ").append(eventClock).append('\n')
                .append("query-clock ").append(queryClock).append('\n');
        try {
            out.close();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(b.toString()));
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            size = Files.size(path);
            out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("serf: failed to compact the snapshot {}: {}", path, e.toString());
        }
    }

    /** Approximate size of the log in bytes (for tests of compaction). */
    synchronized long size() {
        return size;
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        flush();
        try {
            out.close();
        } catch (IOException e) {
            log.warn("serf: failed to close the snapshot {}: {}", path, e.toString());
        }
        out = null;
    }
}
