package io.proconsul.raft.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consul's archive layout written and read back, and every kind of damage refused with Consul's texts. */
class SnapshotArchiveTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsMetaAndStateAndListsTheFilesInConsulsOrder() throws Exception {
        Path state = stateBin(300);
        SnapshotMeta meta = SnapshotMeta.of(3, 1234, Files.size(state), 1_700_000_000_000L);
        byte[] archive = archive(meta, state);

        ByteArrayOutputStream extracted = new ByteArrayOutputStream();
        SnapshotMeta read = SnapshotArchive.read(new ByteArrayInputStream(archive), extracted);

        assertThat(read).isEqualTo(meta);
        assertThat(read.id()).isEqualTo("3-1234-1700000000000");
        assertThat(extracted.toByteArray()).isEqualTo(Files.readAllBytes(state));
        StateBin.Reader records = new StateBin.Reader(new ByteArrayInputStream(extracted.toByteArray()));
        List<String> keys = new ArrayList<>();
        StateBin.Entry e;
        while ((e = records.next()) != null) {
            keys.add(e.family() + ":" + new String(e.key(), StandardCharsets.UTF_8));
        }
        assertThat(keys).hasSize(301).startsWith("kvs:k/0").endsWith("meta:index/kvs");
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(archive)).readAllBytes();
        assertThat(names(tar)).containsExactly("meta.json", "state.bin", "SHA256SUMS");
        assertThat(new String(tar, StandardCharsets.US_ASCII)).contains("{\"Version\":1,\"ID\":\"3-1234-");
    }

    @Test
    void aFlippedStateByteFailsTheChecksum() throws Exception {
        Path state = stateBin(50);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(
                archive(SnapshotMeta.of(1, 9, Files.size(state), 0), state))).readAllBytes();
        int stateStart = 3 * 512;
        tar[stateStart + 40] ^= 0x01;

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotArchive.read(new ByteArrayInputStream(gzip(tar)), OutputStream.nullOutputStream()));
        assertThat(e.getMessage()).isEqualTo(
                "failed to read snapshot file: failed checking integrity of snapshot: hash check failed for \"state.bin\"");
    }

    @Test
    void aTruncatedArchiveIsRefused() throws Exception {
        Path state = stateBin(2000);
        byte[] archive = archive(SnapshotMeta.of(1, 9, Files.size(state), 0), state);
        byte[] cut = Arrays.copyOf(archive, archive.length / 2);

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotArchive.read(new ByteArrayInputStream(cut), OutputStream.nullOutputStream()));
        assertThat(e.getMessage()).startsWith("failed to read snapshot file: failed reading snapshot: ");
    }

    @Test
    void somethingElseIsNotASnapshot() {
        byte[] junk = "hello, not a snapshot".getBytes(StandardCharsets.UTF_8);

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotArchive.read(new ByteArrayInputStream(junk), OutputStream.nullOutputStream()));
        assertThat(e.getMessage()).isEqualTo("failed to decompress snapshot: gzip: invalid header");
    }

    @Test
    void anArchiveWithoutItsChecksumsIsRefused() throws Exception {
        Path state = stateBin(5);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(
                archive(SnapshotMeta.of(1, 9, Files.size(state), 0), state))).readAllBytes();
        // Cut the SHA256SUMS entry: its header becomes the end-of-archive marker.
        int sums = indexOfName(tar, "SHA256SUMS");
        Arrays.fill(tar, sums, tar.length, (byte) 0);

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotArchive.read(new ByteArrayInputStream(gzip(tar)), OutputStream.nullOutputStream()));
        assertThat(e.getMessage()).startsWith(
                "failed to read snapshot file: failed checking integrity of snapshot: file missing for");
    }

    @Test
    void aStateStreamCutShortIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(stateBin(10));
        StateBin.Reader r = new StateBin.Reader(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 9)));

        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> {
            while (r.next() != null) {
                continue;
            }
        });
        assertThat(e.getMessage()).isEqualTo("state.bin: unexpected EOF");
    }

    private Path stateBin(int keys) throws IOException {
        Path p = Files.createTempFile(dir, "state", ".bin");
        try (OutputStream out = Files.newOutputStream(p)) {
            StateBin.Writer w = new StateBin.Writer(out);
            w.family("kvs");
            for (int i = 0; i < keys; i++) {
                w.record(("k/" + i).getBytes(StandardCharsets.UTF_8), ("value " + i).getBytes(StandardCharsets.UTF_8));
            }
            w.family("tombstones");
            w.family("meta");
            w.record("index/kvs".getBytes(StandardCharsets.UTF_8), new byte[8]);
            w.finish();
        }
        return p;
    }

    private static byte[] archive(SnapshotMeta meta, Path state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchive.write(out, meta, state);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(tar);
        Tar.Header h;
        while ((h = Tar.readHeader(in)) != null) {
            names.add(h.name());
            in.skipNBytes(h.size());
            Tar.skipPad(in, h.size());
        }
        return names;
    }

    private static int indexOfName(byte[] tar, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < tar.length; off += 512) {
            if (Arrays.equals(Arrays.copyOfRange(tar, off, off + n.length), n)) {
                return off;
            }
        }
        throw new AssertionError(name + " not in archive");
    }
}
