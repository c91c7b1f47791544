package io.proconsul.raft.snapshot;

import io.proconsul.raft.state.StateStore;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the state store as RocksDB checkpoints, one directory per snapshot named
 * {@code snapshot.<term>_<index>} under the Raft group's state machine directory, each with a
 * {@link SnapshotManifest}. A snapshot is built in a temporary directory and renamed into place only
 * once its manifest is written, so a crash mid-snapshot leaves no half snapshot behind.
 *
 * <p>Threading: {@link #take} and {@link #restore} run on the Raft apply thread; {@link #getLatestSnapshot}
 * may be called from any thread.
 */
public final class CheckpointSnapshots implements StateMachineStorage {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSnapshots.class);
    private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

    private volatile Path dir;
    private volatile Path building;
    private volatile SnapshotInfo latest;

    @Override
    public void init(RaftStorage storage) throws IOException {
        dir = storage.getStorageDir().getStateMachineDir().toPath();
        // Outside dir: Ratis replaces dir wholesale when it installs a snapshot sent by the leader.
        building = storage.getStorageDir().getTmpDir().toPath().resolve("checkpoints");
        Files.createDirectories(dir);
        latest = findLatest();
    }

    /**
     * Snapshots kept in {@code smDir} and built in {@code tmpDir}, for use before Ratis runs (outage
     * recovery writes the state as a snapshot so the new log starts after it).
     */
    public static CheckpointSnapshots at(Path smDir, Path tmpDir) throws IOException {
        CheckpointSnapshots s = new CheckpointSnapshots();
        s.dir = smDir;
        s.building = tmpDir.resolve("checkpoints");
        Files.createDirectories(smDir);
        s.latest = s.findLatest();
        return s;
    }

    /** Looks at the directory again: Ratis has just installed a snapshot sent by the leader. */
    public void reload() throws IOException {
        Files.createDirectories(dir);
        latest = findLatest();
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latest;
    }

    @Override
    public void format() {
        // Nothing to prepare: directories are created on init.
    }

    @Override
    public File getSnapshotDir() {
        return dir.toFile();
    }

    /** Checkpoints {@code state}, which is at {@code at}, and makes it the latest snapshot. */
    public SnapshotInfo take(StateStore state, TermIndex at) throws IOException {
        Path tmp = building.resolve(name(at));
        deleteTree(tmp);
        Files.createDirectories(tmp.getParent());
        state.checkpoint(tmp);
        SnapshotManifest.of(tmp, at.getTerm(), at.getIndex()).write(tmp);
        Path target = dir.resolve(name(at));
        deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel parent = FileChannel.open(dir, StandardOpenOption.READ)) {
            parent.force(true);
        }
        latest = info(target, SnapshotManifest.read(target));
        return latest;
    }

    /**
     * Replaces the contents of {@code stateDir} with the latest snapshot after checking it against its
     * manifest. SST files are immutable, so they are hard-linked; the rest is copied because RocksDB
     * appends to its MANIFEST.
     */
    public TermIndex restore(Path stateDir) throws IOException {
        SnapshotInfo snap = latest;
        if (snap == null) {
            throw new IOException("no snapshot to restore");
        }
        Path src = dir.resolve(name(snap.getTermIndex()));
        SnapshotManifest manifest = SnapshotManifest.read(src);
        manifest.verify(src);
        deleteTree(stateDir);
        Files.createDirectories(stateDir);
        for (SnapshotManifest.Entry e : manifest.files()) {
            Path from = src.resolve(e.name());
            Path to = stateDir.resolve(e.name());
            if (e.name().endsWith(".sst")) {
                Files.createLink(to, from);
            } else {
                Files.copy(from, to);
            }
        }
        log.info("restored state from snapshot {}", src.getFileName());
        return snap.getTermIndex();
    }

    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        int keep = Math.max(1, policy.getNumSnapshotsRetained());
        List<Path> all = list();
        for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
            deleteTree(old);
        }
    }

    private SnapshotInfo findLatest() throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return info(all.get(i), SnapshotManifest.read(all.get(i)));
            } catch (IOException | RuntimeException e) {
                log.warn("ignoring unreadable snapshot {}: {}", all.get(i), e.getMessage());
            }
        }
        return null;
    }

    /** Complete snapshot directories, oldest first. */
    private List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(SnapshotManifest.FILE_NAME)))
                    .forEach(out::add);
        }
        out.sort(Comparator.comparingLong(CheckpointSnapshots::indexOf));
        return out;
    }

    private static long indexOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    private static SnapshotInfo info(Path snapDir, SnapshotManifest m) {
        List<FileInfo> files = new ArrayList<>();
        files.add(new FileInfo(snapDir.resolve(SnapshotManifest.FILE_NAME), null));
        m.files().forEach(e -> files.add(new FileInfo(snapDir.resolve(e.name()), null)));
        return new FileListSnapshotInfo(files, m.term(), m.index());
    }

    static String name(TermIndex at) {
        return "snapshot." + at.getTerm() + "_" + at.getIndex();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
