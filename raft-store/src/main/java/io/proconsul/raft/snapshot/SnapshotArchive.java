package io.proconsul.raft.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Consul's snapshot archive (snapshot/archive.go, snapshot/snapshot.go): a gzip-compressed tar holding
 * {@code meta.json}, {@code state.bin} and {@code SHA256SUMS} (the SHA-256 of the other two, in
 * {@code sha256sum}'s format), in that order. Both directions stream: memory stays a few buffers whatever
 * the size of the state. Reading verifies every checksum and the gzip trailer; a failure is a
 * {@link SnapshotFormatException} with Consul's text ({@code failed to read snapshot file: ...}).
 * Stateless and thread-safe.
 */
public final class SnapshotArchive {

    static final String META = "meta.json";
    static final String STATE = "state.bin";
    static final String SUMS = "SHA256SUMS";
    private static final int MAX_SMALL_FILE = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotArchive() {}

    /**
     * Writes the archive of {@code stateBin} (whose length must be {@code meta.size()}) to {@code out},
     * which stays open (the gzip stream is finished, not closed).
     */
    public static void write(OutputStream out, SnapshotMeta meta, Path stateBin) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        byte[] metaJson = (JSON.writeValueAsString(meta) + "\n").getBytes(StandardCharsets.UTF_8);
        Map<String, MessageDigest> sums = new LinkedHashMap<>();
        sums.put(META, sha256());
        sums.put(STATE, sha256());
        sums.get(META).update(metaJson);
        Tar.writeHeader(gz, META, metaJson.length, now);
        gz.write(metaJson);
        Tar.pad(gz, metaJson.length);
        Tar.writeHeader(gz, STATE, meta.size(), now);
        long copied;
        try (InputStream in = Files.newInputStream(stateBin)) {
            copied = in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sums.get(STATE)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    super.write(b, off, len);
                    gz.write(b, off, len);
                }
            });
        }
        if (copied != meta.size()) {
            throw new IOException("state.bin changed while archived: " + copied + " bytes, expected " + meta.size());
        }
        Tar.pad(gz, copied);
        StringBuilder text = new StringBuilder();
        sums.forEach((file, d) -> text.append(HexFormat.of().formatHex(d.digest())).append("  ").append(file)
                .append('\n'));
        byte[] sumBytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Tar.writeHeader(gz, SUMS, sumBytes.length, now);
        gz.write(sumBytes);
        Tar.pad(gz, sumBytes.length);
        Tar.finish(gz);
        gz.finish();
    }

    /**
     * Reads and verifies an archive from {@code in}, copying {@code state.bin} to {@code stateSink} as it
     * goes (so the caller must discard what it wrote when this throws). Returns the metadata.
     */
    public static SnapshotMeta read(InputStream in, OutputStream stateSink) throws IOException {
        GZIPInputStream gz;
        try {
            gz = new GZIPInputStream(in, 1 << 16);
        } catch (ZipException | EOFException e) {
            throw new SnapshotFormatException("failed to decompress snapshot: gzip: invalid header");
        }
        try {
            SnapshotMeta meta = readTar(gz, stateSink);
            // Consul's concludeGzipRead: reading to the end checks the gzip trailer's CRC and length.
            gz.transferTo(OutputStream.nullOutputStream());
            return meta;
        } catch (SnapshotFormatException e) {
            throw new SnapshotFormatException("failed to read snapshot file: " + e.getMessage());
        } catch (EOFException e) {
            throw new SnapshotFormatException("failed to read snapshot file: failed reading snapshot: unexpected EOF");
        } catch (ZipException e) {
            throw new SnapshotFormatException("failed to read snapshot file: failed reading snapshot: gzip: "
                    + e.getMessage());
        }
    }

    private static SnapshotMeta readTar(InputStream in, OutputStream stateSink) throws IOException {
        MessageDigest metaHash = sha256();
        MessageDigest stateHash = sha256();
        SnapshotMeta meta = null;
        byte[] sums = null;
        Tar.Header h;
        while ((h = readHeader(in)) != null) {
            switch (h.name()) {
                case META -> {
                    byte[] raw = small(in, h.size());
                    metaHash.update(raw);
                    try {
                        meta = JSON.readValue(raw, SnapshotMeta.class);
                    } catch (IOException e) {
                        throw new SnapshotFormatException("failed to decode snapshot metadata: " + e.getMessage());
                    }
                }
                case STATE -> copy(in, h.size(), new DigestOutputStream(stateSink, stateHash));
                case SUMS -> sums = small(in, h.size());
                default -> throw new SnapshotFormatException("unexpected file \"" + h.name() + "\" in snapshot");
            }
            Tar.skipPad(in, h.size());
        }
        verify(sums == null ? new byte[0] : sums, Map.of(META, metaHash, STATE, stateHash));
        if (meta == null) {
            throw new SnapshotFormatException("failed to decode snapshot metadata: EOF");
        }
        return meta;
    }

    private static Tar.Header readHeader(InputStream in) throws IOException {
        try {
            return Tar.readHeader(in);
        } catch (SnapshotFormatException e) {
            throw new SnapshotFormatException("failed reading snapshot: " + e.getMessage());
        }
    }

    /** Consul's hashList.DecodeAndVerify, with its texts. */
    private static void verify(byte[] sums, Map<String, MessageDigest> hashes) throws SnapshotFormatException {
        Set<String> seen = new HashSet<>();
        for (String line : new String(sums, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep < 0) {
                throw integrity("unexpected EOF");
            }
            String file = line.substring(sep + 2);
            MessageDigest d = hashes.get(file);
            if (d == null) {
                throw integrity("list missing hash for \"" + file + "\"");
            }
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(line.substring(0, sep));
            } catch (IllegalArgumentException e) {
                throw integrity("hash check failed for \"" + file + "\"");
            }
            if (!MessageDigest.isEqual(expected, ((MessageDigest) cloneOf(d)).digest())) {
                throw integrity("hash check failed for \"" + file + "\"");
            }
            seen.add(file);
        }
        for (String file : hashes.keySet()) {
            if (!seen.contains(file)) {
                throw integrity("file missing for \"" + file + "\"");
            }
        }
    }

    private static Object cloneOf(MessageDigest d) {
        try {
            return d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SnapshotFormatException integrity(String why) {
        return new SnapshotFormatException("failed checking integrity of snapshot: " + why);
    }

    private static byte[] small(InputStream in, long size) throws IOException {
        if (size > MAX_SMALL_FILE) {
            throw new SnapshotFormatException("failed reading snapshot: archive/tar: invalid tar header");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new SnapshotFormatException("failed reading snapshot: unexpected EOF");
        }
        return b;
    }

    private static void copy(InputStream in, long size, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new SnapshotFormatException("failed reading snapshot: unexpected EOF");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        out.flush();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
