package io.proconsul.raft;

import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.command.OperatorCodec;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.state.AutopilotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads and changes behind {@code io.proconsul.core.operator.Operator} (Consul's
 * {@code operator_raft_endpoint.go} and {@code operator_autopilot_endpoint.go}). Error texts are Consul's.
 * Thread-safe; nothing blocks the caller.
 */
final class OperatorView {

    private static final Logger log = LoggerFactory.getLogger(OperatorView.class);

    /** hashicorp/raft's refusal of a configuration without voters. */
    static final String LAST_VOTER = "need at least one voter in configuration";

    private final RaftView view;
    private final KnownServers known;
    private final LeaderAdmin admin;
    private final Autopilot autopilot;
    private final ReadPath reads;
    private final Supplier<StoreStateMachine> fsm;
    private final RaftPeer self;
    private final String selfName;
    private final LeaderForwarder forwarder;
    private final Executor executor;

    OperatorView(RaftView view, KnownServers known, LeaderAdmin admin, Autopilot autopilot, ReadPath reads,
            Supplier<StoreStateMachine> fsm, RaftPeer self, String selfName, LeaderForwarder forwarder,
            Executor executor) {
        this.forwarder = forwarder;
        this.view = view;
        this.known = known;
        this.admin = admin;
        this.autopilot = autopilot;
        this.reads = reads;
        this.fsm = fsm;
        this.self = self;
        this.selfName = selfName;
        this.executor = executor;
    }

    /**
     * The configuration this server holds. Consul answers it from the leader; with a leader known the
     * local configuration is the committed one or newer, so no round trip is made. Without a leader it
     * fails, unless {@code ?stale}.
     */
    CompletableFuture<RaftConfiguration> raftConfiguration(QueryOptions options) {
        return CompletableFuture.supplyAsync(() -> {
            org.apache.ratis.server.RaftServer.Division d = view.division().orElseThrow(NoClusterLeaderException::new);
            Optional<RaftPeer> leader = view.leader();
            if (leader.isEmpty() && options.consistency() != Consistency.STALE) {
                throw new NoClusterLeaderException();
            }
            Map<RaftPeerId, FollowerProgress.Progress> progress = FollowerProgress.of(d);
            long lastIndex = FollowerProgress.lastIndex(d);
            List<RaftServer> servers = new ArrayList<>();
            for (RaftPeer p : d.getRaftConf().getAllPeers()) {
                boolean isSelf = p.getId().equals(self.getId());
                String name = known.get(p.getId()).map(KnownServers.Known::name)
                        .orElse(isSelf ? selfName : "(unknown)");
                long index = isSelf ? lastIndex
                        : Optional.ofNullable(progress.get(p.getId())).map(FollowerProgress.Progress::lastIndex).orElse(0L);
                boolean voter = d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER).contains(p);
                servers.add(new RaftServer(p.getId().toString(), name, p.getAddress(),
                        leader.map(l -> l.getId().equals(p.getId())).orElse(false), voter, "3", index));
            }
            return new RaftConfiguration(servers, Math.max(1, d.getRaftConf().getLogEntryIndex()));
        }, executor);
    }

    /** Consul's RaftRemovePeerByID / ByAddress: exactly one of {@code id} and {@code address} is non-empty. */
    CompletableFuture<Void> removeRaftPeer(String id, String address) {
        boolean byId = id != null && !id.isEmpty();
        List<RaftPeer> peers = view.division().map(d -> List.copyOf(d.getRaftConf().getAllPeers())).orElse(null);
        if (peers == null) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        Optional<RaftPeer> target = peers.stream()
                .filter(p -> byId ? p.getId().toString().equals(id) : p.getAddress().equals(address)).findFirst();
        if (target.isEmpty()) {
            String text = byId ? "id " + quote(id) : "address " + quote(address);
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(text + " was not found in the Raft configuration"));
        }
        List<RaftPeer> voters = view.voters();
        if (voters.size() == 1 && voters.get(0).getId().equals(target.get().getId())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(LAST_VOTER));
        }
        log.warn("raft: removing Raft server {} at {} on operator request", target.get().getId(),
                target.get().getAddress());
        return admin.removeVoter(target.get().getId());
    }

    CompletableFuture<AutopilotConfig> autopilotConfiguration(QueryOptions options) {
        return reads.admit(options).thenApplyAsync(v -> fsm.get().read(s -> new AutopilotTable(s).get())
                .orElse(Autopilot.withIndexes(AutopilotConfig.DEFAULTS, 1)), executor);
    }

    /**
     * Only the leader knows its followers' progress, so a follower asks the leader, as Consul forwards the
     * RPC. The request it sends is marked {@code stale}: answered where it arrives, never forwarded again
     * (a server that no longer leads answers "No cluster leader" rather than sending it on).
     */
    CompletableFuture<AutopilotHealth> autopilotHealth(QueryOptions options) {
        if (view.isLeader() || options.consistency() == Consistency.STALE) {
            return CompletableFuture.supplyAsync(autopilot::health, executor);
        }
        Optional<RaftPeer> leader = view.leader();
        Optional<org.apache.ratis.protocol.RaftGroup> group =
                view.division().map(org.apache.ratis.server.RaftServer.Division::getGroup);
        if (leader.isEmpty() || group.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        byte[] request = OperatorCodec.encodeRequest(OperatorCodec.Op.AUTOPILOT_HEALTH,
                options.withConsistency(Consistency.STALE), "", "");
        return forwarder.askLeader(group.get(), leader.get().getId(),
                        org.apache.ratis.protocol.Message.valueOf(
                                org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(request)),
                        System.nanoTime() + LocalSubmitter.HOLD_TIMEOUT.toNanos())
                .handleAsync((reply, e) -> {
                    if (e != null || reply == null || !reply.isSuccess()) {
                        throw new NoClusterLeaderException();
                    }
                    return OperatorCodec.decodeHealth(reply.getMessage().getContent().toByteArray());
                }, executor);
    }

    /** Go's {@code %q} for the plain strings ids and addresses are. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
