package io.proconsul.core.membership;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.Objects;

/**
 * One agent as the gossip pool knows it: Consul's {@code api.AgentMember}, the element of
 * {@code /v1/agent/members}. The tags carry what other agents need to know about it, with Consul's keys:
 * {@code role} ({@code consul} for servers, {@code node} for clients), {@code dc}, {@code port} (server
 * RPC), {@code expect} (bootstrap-expect), {@code id} (node ID), {@code build}, {@code vsn},
 * {@code raft_vsn}, {@code segment}.
 *
 * @param name the node name (LAN pool) or {@code node.dc} (WAN pool)
 * @param addr the advertised address
 * @param port the gossip port
 * @param protocol the memberlist/serf protocol numbers: min, max, current, and the delegate's
 */
@JsonPropertyOrder({"Name", "Addr", "Port", "Tags", "Status", "ProtocolMin", "ProtocolMax", "ProtocolCur",
    "DelegateMin", "DelegateMax", "DelegateCur"})
public record Member(
        @JsonProperty("Name") String name,
        @JsonProperty("Addr") String addr,
        @JsonProperty("Port") int port,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonIgnore MemberStatus status,
        @JsonIgnore Protocol protocol) {

    public Member {
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(status, "status");
        protocol = protocol == null ? Protocol.CURRENT : protocol;
    }

    /** Gossip protocol versions as memberlist and serf advertise them. */
    public record Protocol(int min, int max, int cur, int delegateMin, int delegateMax, int delegateCur) {
        /** What this build speaks (memberlist 1..5 at 2; serf delegate 2..5 at 4), as Consul does. */
        public static final Protocol CURRENT = new Protocol(1, 5, 2, 2, 5, 4);
    }

    @JsonProperty("Status")
    public int statusCode() {
        return status.code();
    }

    @JsonProperty("ProtocolMin")
    public int protocolMin() {
        return protocol.min();
    }

    @JsonProperty("ProtocolMax")
    public int protocolMax() {
        return protocol.max();
    }

    @JsonProperty("ProtocolCur")
    public int protocolCur() {
        return protocol.cur();
    }

    @JsonProperty("DelegateMin")
    public int delegateMin() {
        return protocol.delegateMin();
    }

    @JsonProperty("DelegateMax")
    public int delegateMax() {
        return protocol.delegateMax();
    }

    @JsonProperty("DelegateCur")
    public int delegateCur() {
        return protocol.delegateCur();
    }

    /** Whether the member's tags say it is a Consul server ({@code role=consul}). */
    @JsonIgnore
    public boolean isServer() {
        return "consul".equals(tags.get("role"));
    }

    /** The member's datacenter tag, or {@code ""}. */
    @JsonIgnore
    public String datacenter() {
        return tags.getOrDefault("dc", "");
    }

    public Member withStatus(MemberStatus s) {
        return new Member(name, addr, port, tags, s, protocol);
    }
}
