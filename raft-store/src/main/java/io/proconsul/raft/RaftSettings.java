package io.proconsul.raft;

import io.proconsul.core.config.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * How this agent's configuration maps onto Ratis: identities, addresses, directories and timing.
 * Immutable.
 *
 * <p>Timing: the election timeout (100–200 ms) is scaled by {@code performance.raft_multiplier}, as
 * Consul scales its own, so the default multiplier 5 gives 500–1000 ms: a dead leader is replaced within
 * about a second (Consul's defaults take several), while a leader's heartbeats (every half the minimum)
 * leave a 250 ms margin for pauses. A single-peer group gets a 10–20 ms first election so that
 * {@code agent -dev} has a leader almost at once.
 */
record RaftSettings(
        RaftGroupId groupId, RaftPeer self, InetSocketAddress bind, Path raftDir, Path stateDir, boolean singlePeer,
        AgentConfig config, Tuning tuning) {

    private static final long ELECTION_BASE_MS = 100;

    static RaftSettings from(AgentConfig config, Tuning tuning) {
        if (config.dataDir().isEmpty()) {
            throw new IllegalArgumentException("the raft store needs a data dir");
        }
        int port = config.ports().server() == 0 ? freePort(config.bindAddr()) : config.ports().server();
        String advertise = config.effectiveAdvertiseAddr();
        RaftPeer self = RaftPeer.newBuilder()
                .setId(peerId(config))
                .setAddress(advertise + ":" + port)
                .build();
        Path data = Path.of(config.dataDir());
        boolean single = config.devMode() || config.bootstrap() || config.bootstrapExpect() == 1;
        return new RaftSettings(groupId(config.datacenter()), self, new InetSocketAddress(config.bindAddr(), port),
                data.resolve("raft"), data.resolve("state"), single, config, tuning);
    }

    /** One Raft group per datacenter, with an id every server of it derives alike. */
    static RaftGroupId groupId(String datacenter) {
        return RaftGroupId.valueOf(
                UUID.nameUUIDFromBytes(("proconsul-raft-group/" + datacenter).getBytes(StandardCharsets.UTF_8)));
    }

    /** The node ID when known (it survives renames, as Consul's raft server ID does), else the node name. */
    static RaftPeerId peerId(AgentConfig config) {
        return RaftPeerId.valueOf(config.nodeId().isEmpty() ? config.nodeName() : config.nodeId());
    }

    /** The group's directory under the Raft storage dir; present once the group has been formed here. */
    Path groupDir() {
        return raftDir.resolve(groupId.getUuid().toString());
    }

    RaftProperties properties() {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        NettyConfigKeys.Server.setHost(p, bind.getHostString());
        NettyConfigKeys.Server.setPort(p, bind.getPort());
        // Raft traffic is light; NIO spares extracting and loading the epoll native library at start-up.
        NettyConfigKeys.Server.setUseEpoll(p, false);
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        long min = ELECTION_BASE_MS * Math.max(1, config.raft().raftMultiplier());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
        if (singlePeer) {
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(10, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(20, TimeUnit.MILLISECONDS));
        }
        // Send appendEntries as soon as there is something to send: Ratis waits 10 ms between them by default,
        // which put that much on every replicated write's latency (Apache Ozone runs with 0 too).
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
        // Acknowledge a write only once it is fsynced in the log: the log is the only WAL we have.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
        // No commit-index metadata entries: by default the leader appends one to the log after every commit
        // change, and it is fsynced and replicated like a write, so a lone write was followed by a second log
        // entry, fsync and appendEntries round that the next write queued behind. They only tell a restarted
        // server how far it may apply before hearing from a leader; our state store records its own applied
        // index, and the committed writes themselves are still fsynced on a majority before they are acked.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // Consul's raft_trailing_logs: after a snapshot the log keeps this many entries; a follower further
        // behind than that gets the snapshot instead.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, config.raft().trailingLogs());
        if (tuning.logSegmentBytes() > 0) {
            RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(tuning.logSegmentBytes()));
            RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(tuning.logSegmentBytes()));
        }
        if (tuning.purgeGap() > 0) {
            RaftServerConfigKeys.Log.setPurgeGap(p, tuning.purgeGap());
        }
        // Memory: the retry cache only dedups a client's resends (ours resend within seconds), and log
        // entries are read back from disk for a lagging follower, so neither needs Ratis's large defaults.
        RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        // Ratis caches up to 200 MB of log entries by default: a snapshot restore's 1 MiB chunks filled a
        // 192 MiB heap with them (bench/snapshot.sh). Bound the cache as the number of segments is bounded.
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf("32MB"));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.raft().snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
        return p;
    }

    /** For a configured port of 0 (tests): a port that was free a moment ago on the bind address. */
    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
