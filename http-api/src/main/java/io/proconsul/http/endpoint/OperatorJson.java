package io.proconsul.http.endpoint;

import io.proconsul.core.GoDuration;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.Version;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.ServerHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The bodies of {@code /v1/operator/raft/*} and {@code /v1/operator/autopilot/*} in Consul's API shapes
 * ({@code api.RaftConfiguration}, {@code api.AutopilotConfiguration}, {@code api.OperatorHealthReply},
 * {@code api.AutopilotState}), with Go's renderings: durations as {@code time.Duration.String()} text
 * ({@code "200ms"}, {@code "1m30s"}), times as RFC 3339 in UTC, a nil slice as {@code null}.
 */
final class OperatorJson {

    private OperatorJson() {}

    @JsonPropertyOrder({"Servers", "Index"})
    record RaftConfigurationJson(
            @JsonProperty("Servers") List<RaftServerJson> servers,
            @JsonProperty("Index") long index) {}

    @JsonPropertyOrder({"ID", "Node", "Address", "Leader", "ProtocolVersion", "Voter", "LastIndex"})
    record RaftServerJson(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Leader") boolean leader,
            @JsonProperty("ProtocolVersion") String protocolVersion,
            @JsonProperty("Voter") boolean voter,
            @JsonProperty("LastIndex") long lastIndex) {}

    /** The Enterprise-only fields are always their defaults: this agent has no redundancy zones or upgrades. */
    @JsonPropertyOrder({"CleanupDeadServers", "LastContactThreshold", "MaxTrailingLogs", "MinQuorum",
        "ServerStabilizationTime", "RedundancyZoneTag", "DisableUpgradeMigration", "UpgradeVersionTag",
        "CreateIndex", "ModifyIndex"})
    record AutopilotConfigJson(
            @JsonProperty("CleanupDeadServers") boolean cleanupDeadServers,
            @JsonProperty("LastContactThreshold") String lastContactThreshold,
            @JsonProperty("MaxTrailingLogs") long maxTrailingLogs,
            @JsonProperty("MinQuorum") int minQuorum,
            @JsonProperty("ServerStabilizationTime") String serverStabilizationTime,
            @JsonProperty("RedundancyZoneTag") String redundancyZoneTag,
            @JsonProperty("DisableUpgradeMigration") boolean disableUpgradeMigration,
            @JsonProperty("UpgradeVersionTag") String upgradeVersionTag,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {}

    @JsonPropertyOrder({"Healthy", "FailureTolerance", "Servers"})
    record HealthJson(
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("FailureTolerance") int failureTolerance,
            @JsonProperty("Servers") List<ServerHealthJson> servers) {}

    @JsonPropertyOrder({"ID", "Name", "Address", "SerfStatus", "Version", "Leader", "LastContact", "LastTerm",
        "LastIndex", "Healthy", "Voter", "StableSince"})
    record ServerHealthJson(
            @JsonProperty("ID") String id,
            @JsonProperty("Name") String name,
            @JsonProperty("Address") String address,
            @JsonProperty("SerfStatus") String serfStatus,
            @JsonProperty("Version") String version,
            @JsonProperty("Leader") boolean leader,
            @JsonProperty("LastContact") String lastContact,
            @JsonProperty("LastTerm") long lastTerm,
            @JsonProperty("LastIndex") long lastIndex,
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("Voter") boolean voter,
            @JsonProperty("StableSince") String stableSince) {}

    @JsonPropertyOrder({"Healthy", "FailureTolerance", "OptimisticFailureTolerance", "Servers", "Leader", "Voters"})
    record StateJson(
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("FailureTolerance") int failureTolerance,
            @JsonProperty("OptimisticFailureTolerance") int optimisticFailureTolerance,
            @JsonProperty("Servers") SortedMap<String, StateServerJson> servers,
            @JsonProperty("Leader") String leader,
            @JsonProperty("Voters") List<String> voters) {}

    @JsonPropertyOrder({"ID", "Name", "Address", "NodeStatus", "Version", "LastContact", "LastTerm", "LastIndex",
        "Healthy", "StableSince", "ReadReplica", "Status", "Meta", "NodeType"})
    record StateServerJson(
            @JsonProperty("ID") String id,
            @JsonProperty("Name") String name,
            @JsonProperty("Address") String address,
            @JsonProperty("NodeStatus") String nodeStatus,
            @JsonProperty("Version") String version,
            @JsonProperty("LastContact") String lastContact,
            @JsonProperty("LastTerm") long lastTerm,
            @JsonProperty("LastIndex") long lastIndex,
            @JsonProperty("Healthy") boolean healthy,
            @JsonProperty("StableSince") String stableSince,
            @JsonProperty("ReadReplica") boolean readReplica,
            @JsonProperty("Status") String status,
            @JsonProperty("Meta") SortedMap<String, String> meta,
            @JsonProperty("NodeType") String nodeType) {}

    static RaftConfigurationJson raft(RaftConfiguration c) {
        List<RaftServerJson> servers = c.servers().stream()
                .map(s -> new RaftServerJson(s.id(), s.node(), s.address(), s.leader(), s.protocolVersion(),
                        s.voter(), s.lastIndex()))
                .toList();
        return new RaftConfigurationJson(servers.isEmpty() ? null : servers, c.index());
    }

    static AutopilotConfigJson autopilot(AutopilotConfig c) {
        return new AutopilotConfigJson(c.cleanupDeadServers(), GoDuration.format(c.lastContactThreshold()),
                c.maxTrailingLogs(), c.minQuorum(), GoDuration.format(c.serverStabilizationTime()), "", false, "",
                c.createIndex(), c.modifyIndex());
    }

    /** {@code /health}: StableSince rounded to the second, as Consul's handler does. */
    static HealthJson health(AutopilotHealth h) {
        List<ServerHealthJson> servers = h.servers().stream()
                .map(s -> new ServerHealthJson(s.id(), s.name(), s.address(), s.serfStatus(), version(s), s.leader(),
                        GoDuration.format(s.lastContact()), s.lastTerm(), s.lastIndex(), s.healthy(), s.voter(),
                        rfc3339(roundToSecond(s.stableSince()))))
                .toList();
        return new HealthJson(h.healthy(), h.failureTolerance(), servers.isEmpty() ? null : servers);
    }

    /**
     * {@code /state}, derived from the health report as Consul CE derives it from autopilot's state: every
     * server is a voter by type, its status is leader, voter or non-voter, and the optimistic failure
     * tolerance equals the failure tolerance (they differ only with Enterprise redundancy zones).
     */
    static StateJson state(AutopilotHealth h) {
        SortedMap<String, StateServerJson> servers = new TreeMap<>();
        List<String> voters = new ArrayList<>();
        String leader = "";
        for (ServerHealth s : h.servers()) {
            String status = s.leader() ? "leader" : s.voter() ? "voter" : "non-voter";
            servers.put(s.id(), new StateServerJson(s.id(), s.name(), s.address(), nodeStatus(s.serfStatus()),
                    version(s), GoDuration.format(s.lastContact()), s.lastTerm(), s.lastIndex(), s.healthy(),
                    rfc3339(s.stableSince()), false, status, meta(version(s)), "voter"));
            if (s.voter()) {
                voters.add(s.id());
            }
            if (s.leader()) {
                leader = s.id();
            }
        }
        return new StateJson(h.healthy(), h.failureTolerance(), h.failureTolerance(), servers, leader, voters);
    }

    /**
     * The Consul version of a server: Consul parses it out of the gossip {@code build} tag
     * ({@code 1.20.0:revision}), so only the part before the colon is reported.
     */
    static String version(ServerHealth s) {
        String v = s.version() == null ? "" : s.version();
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(0, colon);
    }

    /** Autopilot's node status: serf's alive and leaving are both "alive"; anything unknown is "unknown". */
    static String nodeStatus(String serfStatus) {
        return switch (serfStatus == null ? "" : serfStatus) {
            case "alive", "leaving" -> "alive";
            case "left" -> "left";
            case "failed" -> "failed";
            default -> "unknown";
        };
    }

    /**
     * Consul reports the server's catalog node meta, which always holds these two keys; the health report
     * carries no node meta of its own.
     */
    private static SortedMap<String, String> meta(String version) {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("consul-network-segment", "");
        m.put("consul-version", version == null || version.isEmpty() ? Version.CONSUL : version);
        return m;
    }

    /** Go's {@code Time.Round(time.Second)}: halves round up. */
    static Instant roundToSecond(Instant t) {
        if (t == null) {
            return null;
        }
        return t.getNano() >= 500_000_000 ? Instant.ofEpochSecond(t.getEpochSecond() + 1)
                : Instant.ofEpochSecond(t.getEpochSecond());
    }

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped; null is Go's zero time. */
    static String rfc3339(Instant t) {
        if (t == null) {
            return "0001-01-01T00:00:00Z";
        }
        String s = SECONDS.format(t);
        if (t.getNano() != 0) {
            s += "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        }
        return s + "Z";
    }
}
