package io.proconsul.raft.command;

import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionRenew;
import io.proconsul.core.store.Txn;
import io.proconsul.core.store.TxnOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@link LogCommand}s in the Raft log. Layout: a format version byte, a type byte,
 * then the type's fields in order (strings as modified UTF-8, byte arrays length-prefixed with -1 for
 * null). The log outlives any one release, so a new field means a new version and decoding keeps
 * accepting the old ones. Stateless and thread-safe.
 */
public final class CommandCodec {

    static final byte VERSION = 1;
    static final byte TYPE_KV_APPLY = 1;
    static final byte TYPE_TXN = 2;
    static final byte TYPE_REAP_TOMBSTONES = 3;
    static final byte TYPE_AUTOPILOT_SET = 4;
    /** Catalog commands carry their record as JSON (Consul's wire names), length-prefixed. */
    static final byte TYPE_CATALOG_REGISTER = 5;
    static final byte TYPE_CATALOG_DEREGISTER = 6;
    /** Consul's CoordinateBatchUpdateType, carried as JSON like the catalog commands. */
    static final byte TYPE_COORDINATE_BATCH_UPDATE = 7;
    /** Consul's SessionRequestType: the session as JSON; destroy and renew carry the ID. */
    static final byte TYPE_SESSION_CREATE = 8;
    static final byte TYPE_SESSION_DESTROY = 9;
    static final byte TYPE_SESSION_RENEW = 10;
    /** {@link LogCommand.PreApplyRefused}: the answer, in {@link ResultCodec}'s form. */
    static final byte TYPE_PRE_APPLY_REFUSED = 11;

    /** {@link LogCommand.SnapshotRestore}: the step's own bytes. Far from the others, which grow upwards. */
    static final byte TYPE_SNAPSHOT_RESTORE = 40;

    private CommandCodec() {}

    public static byte[] encode(LogCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (command instanceof LogCommand.SnapshotRestore r) {
                out.writeByte(TYPE_SNAPSHOT_RESTORE);
                writeBytes(out, r.step());
            } else if (command instanceof LogCommand.ReapTombstones r) {
                out.writeByte(TYPE_REAP_TOMBSTONES);
                out.writeLong(r.reapIndex());
            } else if (command instanceof LogCommand.PreApplyRefused r) {
                out.writeByte(TYPE_PRE_APPLY_REFUSED);
                writeBytes(out, ResultCodec.encode(r.result()));
            } else if (((LogCommand.Client) command).command() instanceof SessionCreate c) {
                out.writeByte(TYPE_SESSION_CREATE);
                writeBytes(out, CatalogJson.write(c.session()));
            } else if (((LogCommand.Client) command).command() instanceof SessionDestroy d) {
                out.writeByte(TYPE_SESSION_DESTROY);
                writeString(out, d.id());
            } else if (((LogCommand.Client) command).command() instanceof SessionRenew r) {
                out.writeByte(TYPE_SESSION_RENEW);
                writeString(out, r.id());
            } else if (((LogCommand.Client) command).command() instanceof AutopilotSetConfig a) {
                out.writeByte(TYPE_AUTOPILOT_SET);
                writeAutopilot(out, a);
            } else if (((LogCommand.Client) command).command() instanceof CatalogRegister r) {
                out.writeByte(TYPE_CATALOG_REGISTER);
                writeBytes(out, CatalogJson.write(r));
            } else if (((LogCommand.Client) command).command() instanceof CatalogDeregister d) {
                out.writeByte(TYPE_CATALOG_DEREGISTER);
                writeBytes(out, CatalogJson.write(d));
            } else if (((LogCommand.Client) command).command() instanceof CoordinateBatchUpdate u) {
                out.writeByte(TYPE_COORDINATE_BATCH_UPDATE);
                writeBytes(out, CatalogJson.write(u));
            } else if (((LogCommand.Client) command).command() instanceof KvApply kv) {
                out.writeByte(TYPE_KV_APPLY);
                writeOp(out, kv.op());
            } else {
                Txn txn = (Txn) ((LogCommand.Client) command).command();
                out.writeByte(TYPE_TXN);
                out.writeShort(txn.ops().size());
                for (TxnOp op : txn.ops()) {
                    writeOp(out, (KvOp) op);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an entry. Throws {@link CorruptCommandException} for anything it cannot read: applying
     * must stop rather than skip an entry, or replicas would diverge.
     */
    public static LogCommand decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new CorruptCommandException("unknown command format version " + version);
            }
            byte type = in.readByte();
            LogCommand command = switch (type) {
                case TYPE_KV_APPLY -> new LogCommand.Client(new KvApply(readOp(in)));
                case TYPE_TXN -> new LogCommand.Client(new Txn(readOps(in)));
                case TYPE_REAP_TOMBSTONES -> new LogCommand.ReapTombstones(in.readLong());
                case TYPE_SNAPSHOT_RESTORE -> new LogCommand.SnapshotRestore(readBytes(in));
                case TYPE_AUTOPILOT_SET -> new LogCommand.Client(readAutopilot(in));
                case TYPE_CATALOG_REGISTER ->
                        new LogCommand.Client(CatalogJson.read(readBytes(in), CatalogRegister.class));
                case TYPE_CATALOG_DEREGISTER ->
                        new LogCommand.Client(CatalogJson.read(readBytes(in), CatalogDeregister.class));
                case TYPE_COORDINATE_BATCH_UPDATE ->
                        new LogCommand.Client(CatalogJson.read(readBytes(in), CoordinateBatchUpdate.class));
                case TYPE_SESSION_CREATE ->
                        new LogCommand.Client(new SessionCreate(CatalogJson.read(readBytes(in), Session.class)));
                case TYPE_SESSION_DESTROY -> new LogCommand.Client(new SessionDestroy(readString(in)));
                case TYPE_SESSION_RENEW -> new LogCommand.Client(new SessionRenew(readString(in)));
                case TYPE_PRE_APPLY_REFUSED -> new LogCommand.PreApplyRefused(ResultCodec.decode(readBytes(in)));
                default -> throw new CorruptCommandException("unknown command type " + type);
            };
            if (in.available() != 0) {
                throw new CorruptCommandException("trailing bytes after command type " + type);
            }
            return command;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CorruptCommandException("undecodable command: " + e.getMessage());
        }
    }

    private static List<TxnOp> readOps(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        List<TxnOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(readOp(in));
        }
        return ops;
    }

    // Durations as nanoseconds; the indexes are the store's to set, so they are not carried.
    private static void writeAutopilot(DataOutputStream out, AutopilotSetConfig a) throws IOException {
        AutopilotConfig c = a.config();
        out.writeBoolean(c.cleanupDeadServers());
        out.writeLong(c.lastContactThreshold().toNanos());
        out.writeLong(c.maxTrailingLogs());
        out.writeInt(c.minQuorum());
        out.writeLong(c.serverStabilizationTime().toNanos());
        out.writeLong(a.casIndex());
    }

    private static AutopilotSetConfig readAutopilot(DataInputStream in) throws IOException {
        AutopilotConfig c = new AutopilotConfig(in.readBoolean(), java.time.Duration.ofNanos(in.readLong()),
                in.readLong(), in.readInt(), java.time.Duration.ofNanos(in.readLong()), 0, 0);
        return new AutopilotSetConfig(c, in.readLong());
    }

    private static void writeOp(DataOutputStream out, KvOp op) throws IOException {
        out.writeUTF(op.verb().wireName());
        writeString(out, op.key());
        writeBytes(out, op.value());
        out.writeLong(op.flags());
        out.writeLong(op.index());
        writeString(out, op.session());
    }

    private static KvOp readOp(DataInputStream in) throws IOException {
        String wire = in.readUTF();
        KvVerb verb = KvVerb.fromWireName(wire)
                .orElseThrow(() -> new CorruptCommandException("unknown KV verb " + wire));
        String key = readString(in);
        byte[] value = readBytes(in);
        long flags = in.readLong();
        long index = in.readLong();
        return new KvOp(verb, key, value, flags, index, readString(in));
    }

    // Keys may exceed writeUTF's 64 KiB limit, so strings go as length-prefixed UTF-8.
    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        if (b == null) {
            throw new CorruptCommandException("null string");
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > in.available()) {
            throw new CorruptCommandException("bad length " + n);
        }
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
