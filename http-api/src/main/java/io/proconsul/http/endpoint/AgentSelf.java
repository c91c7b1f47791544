package io.proconsul.http.endpoint;

import io.proconsul.core.GoDuration;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.Version;
import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Membership;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of {@code GET /v1/agent/self} (Consul's {@code Self}), in Consul's field order. Maps are sorted
 * because Go writes map keys in order. {@code Member} is this agent as the LAN pool announces it (built
 * from the configuration where no gossip runs). {@code Coord} is the agent's LAN network coordinate, as
 * Consul's {@code AgentSelf} reports it; null where no LAN pool runs or it has no valid coordinate (Consul
 * writes null when coordinates are disabled).
 */
@JsonPropertyOrder({"Config", "DebugConfig", "Coord", "Member", "Stats", "Meta"})
record AgentSelf(
        @JsonProperty("Config") SelfConfig config,
        @JsonProperty("DebugConfig") SortedMap<String, Object> debugConfig,
        @JsonProperty("Coord") Coordinate coord,
        @JsonProperty("Member") Member member,
        @JsonProperty("Stats") SortedMap<String, SortedMap<String, String>> stats,
        @JsonProperty("Meta") SortedMap<String, String> meta) {

    /** Where Consul shows the build time; Consul's own default when none was stamped into the build. */
    static final String BUILD_DATE = "1970-01-01T00:00:01Z";

    /** The stable {@code Config} subset. */
    @JsonPropertyOrder({"Datacenter", "PrimaryDatacenter", "NodeName", "NodeID", "Revision", "Server", "Version",
            "BuildDate"})
    record SelfConfig(
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("PrimaryDatacenter") String primaryDatacenter,
            @JsonProperty("NodeName") String nodeName,
            @JsonProperty("NodeID") String nodeId,
            @JsonProperty("Revision") String revision,
            @JsonProperty("Server") boolean server,
            @JsonProperty("Version") String version,
            @JsonProperty("BuildDate") String buildDate) {}

    /** Serf's {@code Member}. */
    @JsonPropertyOrder({"Name", "Addr", "Port", "Tags", "Status", "ProtocolMin", "ProtocolMax", "ProtocolCur",
            "DelegateMin", "DelegateMax", "DelegateCur"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Member(
            @JsonProperty("Name") String name,
            @JsonProperty("Addr") String addr,
            @JsonProperty("Port") int port,
            @JsonProperty("Tags") SortedMap<String, String> tags,
            @JsonProperty("Status") int status,
            @JsonProperty("ProtocolMin") int protocolMin,
            @JsonProperty("ProtocolMax") int protocolMax,
            @JsonProperty("ProtocolCur") int protocolCur,
            @JsonProperty("DelegateMin") int delegateMin,
            @JsonProperty("DelegateMax") int delegateMax,
            @JsonProperty("DelegateCur") int delegateCur) {

        /** A gossip pool's member in this shape. */
        static Member of(io.proconsul.core.membership.Member m) {
            return new Member(m.name(), m.addr(), m.port(), new TreeMap<>(m.tags()), m.statusCode(), m.protocolMin(),
                    m.protocolMax(), m.protocolCur(), m.delegateMin(), m.delegateMax(), m.delegateCur());
        }
    }

    /** The LAN pool's coordinate of this agent; null without a pool or a valid coordinate. */
    static Coordinate coord(Membership lan) {
        return lan == null ? null : lan.networkCoordinate().orElse(null);
    }

    static SelfConfig config(AgentConfig c) {
        return new SelfConfig(c.datacenter(), c.primaryDatacenter(), c.nodeName(), c.nodeId(), Version.REVISION,
                c.server(), Version.CONSUL, BUILD_DATE);
    }

    /** This agent as a serf member: alive, with the tags Consul's servers and clients gossip. */
    static Member member(AgentConfig c) {
        SortedMap<String, String> tags = new TreeMap<>();
        tags.put("role", c.server() ? "consul" : "node");
        tags.put("dc", c.datacenter());
        tags.put("segment", "");
        tags.put("id", c.nodeId());
        tags.put("vsn", "2");
        tags.put("vsn_min", "2");
        tags.put("vsn_max", "3");
        tags.put("build", Version.CONSUL + ":" + Version.REVISION);
        tags.put("ft_fs", "1");
        tags.put("ft_si", "1");
        if (c.server()) {
            tags.put("port", Integer.toString(c.ports().server()));
            tags.put("raft_vsn", "3");
            tags.put("acls", "0");
            tags.put("wan_join_port", Integer.toString(c.ports().serfWan()));
            if (c.bootstrap() || c.devMode()) {
                tags.put("bootstrap", "1");
            }
            if (c.bootstrapExpect() > 0) {
                tags.put("expect", Integer.toString(c.bootstrapExpect()));
            }
        }
        return new Member(c.nodeName(), c.effectiveAdvertiseAddr(), c.ports().serfLan(), tags, 1,
                Version.PROTOCOL_MIN, Version.PROTOCOL_MAX, Version.PROTOCOL_CURRENT, 2, 5, 4);
    }

    /** The node metadata, with the keys Consul always adds. */
    static SortedMap<String, String> meta(AgentConfig c) {
        SortedMap<String, String> meta = new TreeMap<>(c.nodeMeta());
        meta.put("consul-network-segment", "");
        meta.put("consul-version", Version.CONSUL);
        return meta;
    }

    /** A subset of the resolved configuration under the names of Consul's {@code RuntimeConfig}. */
    static SortedMap<String, Object> debugConfig(AgentConfig c) {
        SortedMap<String, Object> d = new TreeMap<>();
        network(c, d);
        d.put("ACLsEnabled", false);
        autopilot(c, d);
        d.put("Bootstrap", c.bootstrap());
        d.put("BootstrapExpect", c.bootstrapExpect());
        d.put("DNSDomain", c.domain());
        d.put("DataDir", c.dataDir());
        d.put("Datacenter", c.datacenter());
        d.put("DevMode", c.devMode());
        d.put("KVMaxValueSize", c.limits().kvMaxValueSize());
        d.put("LeaveOnTerm", c.leave().leaveOnTerminate());
        d.put("Logging", new TreeMap<>(Map.of("LogLevel", c.logLevel(), "LogFilePath", c.logFile())));
        d.put("NodeID", c.nodeId());
        d.put("NodeMeta", new TreeMap<>(c.nodeMeta()));
        d.put("NodeName", c.nodeName());
        d.put("PrimaryDatacenter", c.primaryDatacenter());
        d.put("RaftSnapshotInterval", GoDuration.format(c.raft().snapshotInterval()));
        d.put("RaftSnapshotThreshold", c.raft().snapshotThreshold());
        d.put("RaftTrailingLogs", c.raft().trailingLogs());
        d.put("RejoinAfterLeave", c.rejoinAfterLeave());
        d.put("RetryJoinIntervalLAN", GoDuration.format(c.retryInterval()));
        d.put("RetryJoinLAN", c.retryJoin());
        d.put("RetryJoinMaxAttemptsLAN", c.retryMax());
        d.put("Revision", Version.REVISION);
        d.put("ServerMode", c.server());
        d.put("SkipLeaveOnInt", c.leave().skipLeaveOnInterrupt());
        d.put("StartJoinAddrsLAN", c.startJoin());
        d.put("TxnMaxReqLen", c.limits().txnMaxReqLen());
        d.put("UIConfig", Map.of("Enabled", c.uiEnabled()));
        d.put("Version", Version.CONSUL);
        return d;
    }

    /** The configured {@code autopilot {}} (what seeds the stored settings), as {@code RuntimeConfig} names it. */
    private static void autopilot(AgentConfig c, SortedMap<String, Object> d) {
        io.proconsul.core.operator.AutopilotConfig a = c.autopilot();
        d.put("AutopilotCleanupDeadServers", a.cleanupDeadServers());
        d.put("AutopilotLastContactThreshold", GoDuration.format(a.lastContactThreshold()));
        d.put("AutopilotMaxTrailingLogs", a.maxTrailingLogs());
        d.put("AutopilotMinQuorum", a.minQuorum());
        d.put("AutopilotServerStabilizationTime", GoDuration.format(a.serverStabilizationTime()));
    }

    /** Addresses and ports, as Consul's sanitized {@code RuntimeConfig} names them. */
    private static void network(AgentConfig c, SortedMap<String, Object> d) {
        d.put("AdvertiseAddrLAN", c.effectiveAdvertiseAddr());
        d.put("BindAddr", c.bindAddr());
        d.put("ClientAddrs", c.clientAddrs());
        d.put("DNSPort", c.ports().dns());
        d.put("GRPCPort", c.ports().grpc());
        d.put("HTTPAddrs", c.httpAddrs().stream().map(a -> "tcp://" + a + ":" + c.ports().http()).toList());
        d.put("HTTPPort", c.ports().http());
        d.put("HTTPSPort", c.ports().https());
        d.put("SerfPortLAN", c.ports().serfLan());
        d.put("SerfPortWAN", c.ports().serfWan());
        d.put("ServerPort", c.ports().server());
    }

}
