package io.proconsul.raft.command;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Txn;
import io.proconsul.core.store.TxnRead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binary form of what a client agent asks a server over the server RPC port (Consul's KVS.Get,
 * KVS.List, KVS.ListKeys, Txn.Read, the catalog, coordinate and session reads, Status.Leader/Peers and, through
 * {@link OperatorCodec}, Operator RPCs)
 * and of the answers. Requests start with a version byte and a kind; answers with a status byte
 * ({@code OK}, {@code NO_LEADER}, {@code FAILED} with a message, {@code BAD_REQUEST} with Consul's text).
 * Unlike the log format nothing here is stored, so client and server of one release agree; a version byte
 * still lets a server refuse a request it cannot read. Stateless and thread-safe.
 */
public final class QueryCodec {

    static final byte VERSION = 1;
    private static final byte KIND_QUERY = 1;
    private static final byte KIND_STATUS = 2;
    private static final byte KV_GET = 1;
    private static final byte KV_LIST = 2;
    private static final byte KV_KEYS = 3;
    private static final byte TXN_READ = 4;
    static final byte OK = 0;
    private static final byte NO_LEADER = 1;
    private static final byte FAILED = 2;
    private static final byte BAD_REQUEST = 3;
    static final byte KIND_OPERATOR = 3;

    private QueryCodec() {}

    /** A decoded request: a read, or a question about the Raft cluster. */
    public interface Request {}

    /** A read with its options; the server answers at once (it never holds a remote request). */
    public record QueryRequest(Query<?> query, QueryOptions options) implements Request {}

    /**
     * A read's answer and the server's applied Raft index taken before reading: whatever that server applies
     * later than {@code appliedIndex} may change the answer, so a client waiting for a change re-reads once
     * the server's applied index has passed it.
     */
    public record Answer<T>(QueryResult<T> result, long appliedIndex) {}

    /** Who leads and who votes, as the answering server sees it. */
    public record StatusRequest() implements Request {}

    /**
     * The answering server's view of the cluster.
     *
     * @param leaderId the leader's peer ID, {@code ""} when none is known
     * @param leaderAddress the leader's server RPC address {@code ip:port}, {@code ""} when none is known
     * @param voters the voters as {@code id=ip:port}
     * @param appliedIndex the last Raft index the answering server has applied
     */
    public record Status(String leaderId, String leaderAddress, List<String> voters, long appliedIndex) {
        public Status {
            voters = List.copyOf(voters);
        }
    }

    public static byte[] encodeQuery(Query<?> query, QueryOptions options) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(KIND_QUERY);
            out.writeByte(options.consistency().ordinal());
            out.writeLong(options.minIndex());
            out.writeLong(options.maxWait().toMillis());
            out.writeLong(options.maxStale().toMillis());
            if (CatalogQueryCodec.isCatalog(query)) {
                CatalogQueryCodec.writeQuery(out, query);
            } else if (CoordinateQueryCodec.isCoordinate(query)) {
                CoordinateQueryCodec.writeQuery(out, query);
            } else if (SessionQueryCodec.isSession(query)) {
                SessionQueryCodec.writeQuery(out, query);
            } else if (query instanceof KvGet g) {
                out.writeByte(KV_GET);
                writeString(out, g.key());
            } else if (query instanceof KvList l) {
                out.writeByte(KV_LIST);
                writeString(out, l.prefix());
            } else if (query instanceof KvKeys k) {
                out.writeByte(KV_KEYS);
                writeString(out, k.prefix());
                writeString(out, k.separator());
            } else {
                // The ops travel in the log's own encoding, so both stay one format.
                out.writeByte(TXN_READ);
                writeBytes(out, CommandCodec.encode(new LogCommand.Client(new Txn(((TxnRead) query).ops()))));
            }
        });
    }

    public static byte[] encodeStatusRequest() {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeByte(KIND_STATUS);
        });
    }

    /** Throws {@link IllegalArgumentException} for a request it cannot read. */
    public static Request decodeRequest(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown request format version " + version);
            }
            byte kind = in.readByte();
            if (kind == KIND_STATUS) {
                return new StatusRequest();
            }
            if (kind == KIND_OPERATOR) {
                return OperatorCodec.readRequest(in);
            }
            if (kind != KIND_QUERY) {
                throw new IllegalArgumentException("unknown request kind " + kind);
            }
            Consistency mode = Consistency.values()[in.readByte()];
            long minIndex = in.readLong();
            Duration wait = Duration.ofMillis(in.readLong());
            Duration maxStale = Duration.ofMillis(in.readLong());
            QueryOptions options = new QueryOptions(mode, minIndex, wait, maxStale, "", "");
            return new QueryRequest(readQuery(in), options);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("undecodable request: " + e.getMessage(), e);
        }
    }

    private static Query<?> readQuery(DataInputStream in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case KV_GET -> new KvGet(readString(in));
            case KV_LIST -> new KvList(readString(in));
            case KV_KEYS -> new KvKeys(readString(in), readString(in));
            case TXN_READ -> {
                LogCommand c = CommandCodec.decode(readBytes(in));
                yield new TxnRead(((Txn) ((LogCommand.Client) c).command()).ops());
            }
            default -> {
                Query<?> catalog = CatalogQueryCodec.readQuery(type, in);
                if (catalog == null) {
                    catalog = CoordinateQueryCodec.readQuery(type, in);
                }
                if (catalog == null) {
                    catalog = SessionQueryCodec.readQuery(type, in);
                }
                if (catalog == null) {
                    throw new IllegalArgumentException("unknown query type " + type);
                }
                yield catalog;
            }
        };
    }

    /** An answer with nothing but its status. */
    public static byte[] encodeOk() {
        return new byte[] {OK};
    }

    /** A read's answer; its value's own type tells how to write it, the query how to read it back. */
    public static byte[] encodeAnswer(QueryResult<?> result, long appliedIndex) {
        return write(out -> {
            writeHeader(out, result, appliedIndex);
            writeValue(out, result.value());
        });
    }

    private static void writeHeader(DataOutputStream out, QueryResult<?> result, long appliedIndex)
            throws IOException {
        out.writeByte(OK);
        out.writeLong(appliedIndex);
        out.writeLong(result.index());
        out.writeBoolean(result.knownLeader());
        out.writeLong(result.lastContactMillis());
        out.writeByte(result.consistency().ordinal());
    }

    public static byte[] encodeStatus(Status status) {
        return write(out -> {
            out.writeByte(OK);
            writeString(out, status.leaderId());
            writeString(out, status.leaderAddress());
            out.writeInt(status.voters().size());
            for (String v : status.voters()) {
                writeString(out, v);
            }
            out.writeLong(status.appliedIndex());
        });
    }

    public static byte[] encodeNoLeader() {
        return new byte[] {NO_LEADER};
    }

    /** A request the server refuses with Consul's text: {@link IllegalArgumentException} on the client. */
    public static byte[] encodeBadRequest(String message) {
        return write(out -> {
            out.writeByte(BAD_REQUEST);
            writeString(out, message == null ? "" : message);
        });
    }

    public static byte[] encodeFailed(String message) {
        return write(out -> {
            out.writeByte(FAILED);
            writeString(out, message == null ? "" : message);
        });
    }

    /**
     * Decodes the answer to {@code query}. A server without a leader becomes {@link NoClusterLeaderException},
     * a server-side failure an {@link IllegalStateException} with its text, a refused request an
     * {@link IllegalArgumentException}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Answer<T> decodeAnswer(Query<T> query, byte[] data) {
        try (DataInputStream in = answer(data)) {
            long applied = in.readLong();
            long index = in.readLong();
            boolean knownLeader = in.readBoolean();
            long contact = in.readLong();
            Consistency mode = Consistency.values()[in.readByte()];
            return new Answer<>(new QueryResult<>((T) readValue(query, in), index, knownLeader, contact, mode), applied);
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }

    public static Status decodeStatus(byte[] data) {
        try (DataInputStream in = answer(data)) {
            String id = readString(in);
            String address = readString(in);
            int n = in.readInt();
            List<String> voters = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                voters.add(readString(in));
            }
            return new Status(id, address, voters, in.readLong());
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }

    static DataInputStream answer(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        byte status = in.readByte();
        if (status == NO_LEADER) {
            throw new NoClusterLeaderException();
        }
        if (status == FAILED) {
            throw new IllegalStateException(readString(in));
        }
        if (status == BAD_REQUEST) {
            throw new IllegalArgumentException(readString(in));
        }
        return in;
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        if (value instanceof Optional<?> o) {
            out.writeBoolean(o.isPresent());
            if (o.isPresent()) {
                writeElement(out, o.get());
            }
        } else if (value instanceof TxnResult t) {
            writeBytes(out, ResultCodec.encode(t));
        } else if (value instanceof Map<?, ?> services) {
            CatalogQueryCodec.json(out, services);
        } else {
            List<?> list = (List<?>) value;
            out.writeInt(list.size());
            for (Object o : list) {
                writeElement(out, o);
            }
        }
    }

    /** A KV entry or key in their binary form; a catalog record as JSON. */
    private static void writeElement(DataOutputStream out, Object o) throws IOException {
        if (o instanceof KvEntry e) {
            writeEntry(out, e);
        } else if (o instanceof String key) {
            writeString(out, key);
        } else {
            CatalogQueryCodec.json(out, o);
        }
    }

    private static Object readValue(Query<?> query, DataInputStream in) throws IOException {
        if (CatalogQueryCodec.isCatalog(query)) {
            return CatalogQueryCodec.readValue(query, in);
        }
        if (CoordinateQueryCodec.isCoordinate(query)) {
            return CoordinateQueryCodec.readValue(in);
        }
        if (SessionQueryCodec.isSession(query)) {
            return SessionQueryCodec.readValue(in);
        }
        if (query instanceof KvGet) {
            return in.readBoolean() ? Optional.of(readEntry(in)) : Optional.empty();
        }
        if (query instanceof TxnRead) {
            return ResultCodec.decode(readBytes(in));
        }
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(query instanceof KvList ? readEntry(in) : readString(in));
        }
        return List.copyOf(list);
    }

    private static void writeEntry(DataOutputStream out, KvEntry e) throws IOException {
        out.writeLong(e.lockIndex());
        writeString(out, e.key());
        out.writeLong(e.flags());
        writeBytes(out, e.value());
        writeString(out, e.session());
        out.writeLong(e.createIndex());
        out.writeLong(e.modifyIndex());
    }

    private static KvEntry readEntry(DataInputStream in) throws IOException {
        long lock = in.readLong();
        String key = readString(in);
        long flags = in.readLong();
        byte[] value = readBytes(in);
        return new KvEntry(lock, key, flags, value, readString(in), in.readLong(), in.readLong());
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1 || n > in.available()) {
            throw new IOException("bad length " + n);
        }
        return n == -1 ? null : in.readNBytes(n);
    }
}
