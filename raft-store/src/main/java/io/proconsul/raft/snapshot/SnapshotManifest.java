package io.proconsul.raft.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The manifest of one snapshot directory: its term and index and, for every file of the RocksDB
 * checkpoint, its size and CRC32C. A snapshot without a manifest, or whose files do not match it, is
 * incomplete or damaged and is never restored.
 *
 * <p>Text format, one record a line: {@code proconsul-snapshot 1}, {@code term <t>}, {@code index <i>},
 * then {@code file <name> <size> <crc32c-hex>}.
 */
record SnapshotManifest(long term, long index, List<Entry> files) {

    static final String FILE_NAME = "MANIFEST.proconsul";
    private static final String HEADER = "proconsul-snapshot 1";

    record Entry(String name, long size, long crc) {}

    /** Builds the manifest of every regular file in {@code dir}. */
    static SnapshotManifest of(Path dir, long term, long index) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals(FILE_NAME)) {
                    entries.add(new Entry(f.getFileName().toString(), Files.size(f), crc(f)));
                }
            }
        }
        return new SnapshotManifest(term, index, entries);
    }

    void write(Path dir) throws IOException {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        b.append("term ").append(term).append('\n').append("index ").append(index).append('\n');
        for (Entry e : files) {
            b.append("file ").append(e.name()).append(' ').append(e.size()).append(' ')
                    .append(Long.toHexString(e.crc())).append('\n');
        }
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        // The manifest marks the snapshot complete: it must reach the disk before the rename publishes it.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Reads the manifest in {@code dir}; throws if it is missing or malformed. */
    static SnapshotManifest read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER)) {
            throw new IOException("bad snapshot manifest in " + dir);
        }
        long term = Long.parseLong(lines.get(1).substring("term ".length()));
        long index = Long.parseLong(lines.get(2).substring("index ".length()));
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] p = line.split(" ");
            if (p.length != 4 || !p[0].equals("file")) {
                throw new IOException("bad snapshot manifest line in " + dir + ": " + line);
            }
            entries.add(new Entry(p[1], Long.parseLong(p[2]), Long.parseUnsignedLong(p[3], 16)));
        }
        return new SnapshotManifest(term, index, entries);
    }

    /** Checks every listed file's size and checksum; throws naming the first that differs. */
    void verify(Path dir) throws IOException {
        for (Entry e : files) {
            Path f = dir.resolve(e.name());
            if (!Files.isRegularFile(f) || Files.size(f) != e.size() || crc(f) != e.crc()) {
                throw new IOException("snapshot file " + f + " does not match its manifest");
            }
        }
    }

    static long crc(Path f) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }
}
