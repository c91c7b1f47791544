package io.proconsul.raft.command;

import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.operator.ServerHealth;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.QueryOptions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator requests a client agent forwards to a server ({@code /v1/operator/raft/*} and
 * {@code /v1/operator/autopilot/*} on a client agent), in {@link QueryCodec}'s framing: reading the Raft
 * configuration, the autopilot settings and health, and removing a peer. Storing autopilot settings is a
 * Raft command and travels as one. Stateless and thread-safe.
 */
public final class OperatorCodec {

    private OperatorCodec() {}

    /** Which operator call a request makes. */
    public enum Op { RAFT_CONFIGURATION, AUTOPILOT_CONFIGURATION, AUTOPILOT_HEALTH, REMOVE_PEER }

    /**
     * A decoded operator request.
     *
     * @param id for {@link Op#REMOVE_PEER}: the peer's ID, or {@code ""}
     * @param address for {@link Op#REMOVE_PEER}: the peer's address, or {@code ""}
     */
    public record OperatorRequest(Op op, QueryOptions options, String id, String address)
            implements QueryCodec.Request {}

    public static byte[] encodeRequest(Op op, QueryOptions options, String id, String address) {
        return QueryCodec.write(out -> {
            out.writeByte(QueryCodec.VERSION);
            out.writeByte(QueryCodec.KIND_OPERATOR);
            out.writeByte(op.ordinal());
            out.writeByte(options.consistency().ordinal());
            out.writeLong(options.maxStale().toMillis());
            QueryCodec.writeString(out, id == null ? "" : id);
            QueryCodec.writeString(out, address == null ? "" : address);
        });
    }

    static OperatorRequest readRequest(DataInputStream in) throws IOException {
        Op op = Op.values()[in.readByte()];
        Consistency mode = Consistency.values()[in.readByte()];
        Duration maxStale = Duration.ofMillis(in.readLong());
        QueryOptions options = new QueryOptions(mode, 0, null, maxStale, "", "");
        return new OperatorRequest(op, options, QueryCodec.readString(in), QueryCodec.readString(in));
    }

    public static byte[] encodeConfiguration(RaftConfiguration c) {
        return QueryCodec.write(out -> {
            out.writeByte(QueryCodec.OK);
            out.writeLong(c.index());
            out.writeInt(c.servers().size());
            for (RaftServer s : c.servers()) {
                QueryCodec.writeString(out, s.id());
                QueryCodec.writeString(out, s.node());
                QueryCodec.writeString(out, s.address());
                out.writeBoolean(s.leader());
                out.writeBoolean(s.voter());
                QueryCodec.writeString(out, s.protocolVersion());
                out.writeLong(s.lastIndex());
            }
        });
    }

    public static RaftConfiguration decodeConfiguration(byte[] data) {
        try (DataInputStream in = QueryCodec.answer(data)) {
            long index = in.readLong();
            int n = in.readInt();
            List<RaftServer> servers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                servers.add(new RaftServer(QueryCodec.readString(in), QueryCodec.readString(in),
                        QueryCodec.readString(in), in.readBoolean(), in.readBoolean(), QueryCodec.readString(in),
                        in.readLong()));
            }
            return new RaftConfiguration(servers, index);
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeAutopilot(AutopilotConfig c) {
        return QueryCodec.write(out -> {
            out.writeByte(QueryCodec.OK);
            out.writeBoolean(c.cleanupDeadServers());
            out.writeLong(c.lastContactThreshold().toNanos());
            out.writeLong(c.maxTrailingLogs());
            out.writeInt(c.minQuorum());
            out.writeLong(c.serverStabilizationTime().toNanos());
            out.writeLong(c.createIndex());
            out.writeLong(c.modifyIndex());
        });
    }

    public static AutopilotConfig decodeAutopilot(byte[] data) {
        try (DataInputStream in = QueryCodec.answer(data)) {
            return new AutopilotConfig(in.readBoolean(), Duration.ofNanos(in.readLong()), in.readLong(), in.readInt(),
                    Duration.ofNanos(in.readLong()), in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }

    public static byte[] encodeHealth(AutopilotHealth h) {
        return QueryCodec.write(out -> {
            out.writeByte(QueryCodec.OK);
            out.writeBoolean(h.healthy());
            out.writeInt(h.failureTolerance());
            out.writeInt(h.servers().size());
            for (ServerHealth s : h.servers()) {
                writeServerHealth(out, s);
            }
        });
    }

    private static void writeServerHealth(DataOutputStream out, ServerHealth s) throws IOException {
        for (String text : List.of(s.id(), s.name(), s.address(), s.serfStatus(), s.version())) {
            QueryCodec.writeString(out, text == null ? "" : text);
        }
        out.writeBoolean(s.leader());
        out.writeLong(s.lastContact() == null ? -1 : s.lastContact().toNanos());
        out.writeLong(s.lastTerm());
        out.writeLong(s.lastIndex());
        out.writeBoolean(s.healthy());
        out.writeBoolean(s.voter());
        out.writeBoolean(s.stableSince() != null);
        if (s.stableSince() != null) {
            out.writeLong(s.stableSince().getEpochSecond());
            out.writeInt(s.stableSince().getNano());
        }
    }

    public static AutopilotHealth decodeHealth(byte[] data) {
        try (DataInputStream in = QueryCodec.answer(data)) {
            boolean healthy = in.readBoolean();
            int tolerance = in.readInt();
            int n = in.readInt();
            List<ServerHealth> servers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                servers.add(readServerHealth(in));
            }
            return new AutopilotHealth(healthy, tolerance, servers);
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }

    private static ServerHealth readServerHealth(DataInputStream in) throws IOException {
        String id = QueryCodec.readString(in);
        String name = QueryCodec.readString(in);
        String address = QueryCodec.readString(in);
        String serf = QueryCodec.readString(in);
        String version = QueryCodec.readString(in);
        boolean leader = in.readBoolean();
        long contact = in.readLong();
        long term = in.readLong();
        long index = in.readLong();
        boolean healthy = in.readBoolean();
        boolean voter = in.readBoolean();
        Instant since = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        return new ServerHealth(id, name, address, serf, version, leader,
                contact < 0 ? null : Duration.ofNanos(contact), term, index, healthy, voter, since);
    }

    /** Decodes an answer that carries nothing but its status (a removed peer). */
    public static void decodeDone(byte[] data) {
        try (DataInputStream in = QueryCodec.answer(data)) {
            return;
        } catch (IOException e) {
            throw new IllegalStateException("undecodable answer: " + e.getMessage(), e);
        }
    }
}
