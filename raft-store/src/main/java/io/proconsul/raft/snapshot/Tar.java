package io.proconsul.raft.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The subset of POSIX ustar that snapshot archives use, as Go's {@code archive/tar} writes it: regular
 * files with a name under 100 bytes, mode 0600 and an octal size, each followed by zero padding to a
 * 512-byte block, and two zero blocks at the end. Headers are checked (magic and checksum) on read; error
 * texts follow Go's ({@code archive/tar: invalid tar header}, {@code unexpected EOF}).
 */
final class Tar {

    static final int BLOCK = 512;
    private static final long MAX_SIZE = 077777777777L;

    private Tar() {}

    /** A file header read back. */
    record Header(String name, long size) {}

    /** Writes the header of a regular file of {@code size} bytes; its content and padding follow. */
    static void writeHeader(OutputStream out, String name, long size, long mtimeSeconds) throws IOException {
        byte[] name8 = name.getBytes(StandardCharsets.UTF_8);
        if (name8.length >= 100 || size < 0 || size > MAX_SIZE) {
            throw new IOException("archive/tar: header field too long");
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(name8, 0, h, 0, name8.length);
        octal(h, 100, 8, 0600);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtimeSeconds);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        Arrays.fill(h, 148, 156, (byte) ' ');
        octal(h, 148, 7, checksum(h));
        out.write(h);
    }

    /** Zero bytes after {@code size} bytes of content, up to the next block boundary. */
    static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** The two zero blocks that end an archive. */
    static void finish(OutputStream out) throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    /** The next header, or {@code null} at the end-of-archive marker (or a clean end of the stream). */
    static Header readHeader(InputStream in) throws IOException {
        byte[] h = new byte[BLOCK];
        int n = in.readNBytes(h, 0, BLOCK);
        if (n == 0) {
            return null;
        }
        if (n < BLOCK) {
            throw new SnapshotFormatException("unexpected EOF");
        }
        if (isZero(h)) {
            return null;
        }
        String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
        if (!magic.equals("ustar") || parseOctal(h, 148, 8) != checksum(h)) {
            throw new SnapshotFormatException("archive/tar: invalid tar header");
        }
        int end = 0;
        while (end < 100 && h[end] != 0) {
            end++;
        }
        return new Header(new String(h, 0, end, StandardCharsets.UTF_8), parseOctal(h, 124, 12));
    }

    /** Skips the padding after a file of {@code size} bytes. */
    static void skipPad(InputStream in, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0 && in.readNBytes(BLOCK - rest).length != BLOCK - rest) {
            throw new SnapshotFormatException("unexpected EOF");
        }
    }

    private static long checksum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum;
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, len - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    private static long parseOctal(byte[] h, int off, int len) throws SnapshotFormatException {
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                throw new SnapshotFormatException("archive/tar: invalid tar header");
            }
        }
        return v;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
