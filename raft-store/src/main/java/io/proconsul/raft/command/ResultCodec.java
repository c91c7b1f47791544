package io.proconsul.raft.command;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.session.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of applying one log entry, as it travels back in the Raft reply: a {@code Boolean} (KV
 * apply, catalog, session destroy), a {@link TxnResult}, a {@code String} (a created session's ID), a list
 * of sessions (renew), a {@link Failed} or {@link Refused} with Consul's error text, or nothing (internal
 * commands). Stateless and thread-safe.
 */
public final class ResultCodec {

    private static final byte NONE = 0;
    private static final byte BOOL = 1;
    private static final byte TXN = 2;
    private static final byte FAILED = 3;
    private static final byte STRING = 4;
    private static final byte SESSIONS = 5;
    private static final byte REFUSED = 6;

    private ResultCodec() {}

    /**
     * A business failure of an applied command, e.g. {@code invalid session "x"}; never a fault. Writers see
     * {@link IllegalStateException} with the text.
     */
    public record Failed(String message) {}

    /**
     * A command the state store refused as invalid, e.g. a session create naming a missing check ("Missing
     * check 'x' registration"). Writers see {@link IllegalArgumentException} with the text.
     */
    public record Refused(String message) {}

    /**
     * What writers see for a decoded result: the value, or the exception the store's futures fail with
     * ({@link Failed}: {@link IllegalStateException}; {@link Refused}: {@link IllegalArgumentException}).
     */
    public static Object valueOrThrow(Object result) {
        if (result instanceof Failed f) {
            throw new IllegalStateException(f.message());
        }
        if (result instanceof Refused r) {
            throw new IllegalArgumentException(r.message());
        }
        return result;
    }

    public static byte[] encode(Object result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (result == null) {
                out.writeByte(NONE);
            } else if (result instanceof Boolean b) {
                out.writeByte(BOOL);
                out.writeBoolean(b);
            } else if (result instanceof TxnResult t) {
                out.writeByte(TXN);
                writeTxn(out, t);
            } else if (result instanceof Failed f) {
                out.writeByte(FAILED);
                writeString(out, f.message());
            } else if (result instanceof Refused r) {
                out.writeByte(REFUSED);
                writeString(out, r.message());
            } else if (result instanceof String s) {
                out.writeByte(STRING);
                writeString(out, s);
            } else if (result instanceof List<?> sessions) {
                // Only session answers are lists (SessionRenew).
                out.writeByte(SESSIONS);
                byte[] json = CatalogJson.write(sessions);
                out.writeInt(json.length);
                out.write(json);
            } else {
                throw new IllegalArgumentException("no encoding for result " + result.getClass());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Object decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte type = in.readByte();
            return switch (type) {
                case NONE -> null;
                case BOOL -> in.readBoolean();
                case TXN -> readTxn(in);
                case FAILED -> new Failed(readString(in));
                case REFUSED -> new Refused(readString(in));
                case STRING -> readString(in);
                case SESSIONS -> List.copyOf(CatalogJson.read(in.readNBytes(in.readInt()),
                        new com.fasterxml.jackson.core.type.TypeReference<List<Session>>() {}));
                default -> throw new CorruptCommandException("unknown result type " + type);
            };
        } catch (IOException e) {
            throw new CorruptCommandException("undecodable result: " + e.getMessage());
        }
    }

    private static void writeTxn(DataOutputStream out, TxnResult t) throws IOException {
        out.writeLong(t.index());
        out.writeInt(t.results().size());
        for (KvEntry e : t.results()) {
            out.writeLong(e.lockIndex());
            writeString(out, e.key());
            out.writeLong(e.flags());
            out.writeInt(e.value() == null ? -1 : e.value().length);
            if (e.value() != null) {
                out.write(e.value());
            }
            writeString(out, e.session());
            out.writeLong(e.createIndex());
            out.writeLong(e.modifyIndex());
        }
        out.writeInt(t.errors().size());
        for (TxnError err : t.errors()) {
            out.writeInt(err.opIndex());
            writeString(out, err.what());
        }
    }

    private static TxnResult readTxn(DataInputStream in) throws IOException {
        long index = in.readLong();
        int n = in.readInt();
        List<KvEntry> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long lock = in.readLong();
            String key = readString(in);
            long flags = in.readLong();
            int len = in.readInt();
            byte[] value = len < 0 ? null : in.readNBytes(len);
            results.add(new KvEntry(lock, key, flags, value, readString(in), in.readLong(), in.readLong()));
        }
        int m = in.readInt();
        List<TxnError> errors = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            errors.add(new TxnError(in.readInt(), readString(in)));
        }
        return new TxnResult(results, errors, index);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
