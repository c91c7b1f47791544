package io.proconsul.cli.command.agent;

import io.proconsul.core.Version;
import io.proconsul.core.agent.Component;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.raft.RaftStore;
import io.proconsul.raft.rpc.RpcServer;
import io.proconsul.serf.SerfConfig;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's gossip pools as Consul configures them: a LAN pool on every agent and a WAN pool on servers,
 * with the member tags other agents read (Consul's {@code agent/consul/server_serf.go} and
 * {@code client_serf.go}), and snapshots under the data dir so a restarted agent rejoins by itself.
 */
final class GossipSetup {

    /** Consul's snapshot files, relative to the data dir. */
    static final String LAN_SNAPSHOT = "serf/local.snapshot";
    static final String WAN_SNAPSHOT = "serf/remote.snapshot";

    private GossipSetup() {}

    static SerfConfig lan(AgentConfig c) {
        SerfConfig s = SerfConfig.lan(c.nodeName(), c.bindAddr(), Math.max(0, c.ports().serfLan()), c.datacenter())
                .withAdvertise(c.effectiveAdvertiseAddr(), 0)
                .withTags(tags(c))
                .withRejoinAfterLeave(c.rejoinAfterLeave());
        return c.devMode() ? s : s.withSnapshotPath(Path.of(c.dataDir(), LAN_SNAPSHOT));
    }

    static SerfConfig wan(AgentConfig c) {
        SerfConfig s = SerfConfig.wan(c.nodeName() + "." + c.datacenter(), c.bindAddr(),
                        Math.max(0, c.ports().serfWan()), c.datacenter())
                .withAdvertise(c.effectiveAdvertiseAddr(), 0)
                .withTags(tags(c))
                .withRejoinAfterLeave(c.rejoinAfterLeave());
        return c.devMode() ? s : s.withSnapshotPath(Path.of(c.dataDir(), WAN_SNAPSHOT));
    }

    /** The tags Consul puts on a member: role and datacenter, versions, and for servers how to reach Raft. */
    static Map<String, String> tags(AgentConfig c) {
        return tags(c, c.ports().server(), 0);
    }

    /**
     * {@link #tags(AgentConfig)} with the server RPC (Raft) port the store actually bound and, when
     * positive, the port of its listener for client agents' requests (tag {@link RpcServer#GOSSIP_TAG}, ours,
     * next to Consul's tags: client agents reach the servers there, without a Raft client) and the version of
     * the frames it takes (tag {@link RpcServer#VERSION_TAG}: other servers forward their writes there only
     * from version 2 on, so that a rolling upgrade keeps an older leader on the Raft path).
     */
    static Map<String, String> tags(AgentConfig c, int serverPort, int clientRpcPort) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("role", c.server() ? "consul" : "node");
        t.put("dc", c.datacenter());
        t.put("segment", "");
        t.put("id", c.nodeId());
        t.put("vsn", "2");
        t.put("vsn_min", "2");
        t.put("vsn_max", "3");
        t.put("build", Version.CONSUL + ":" + Version.REVISION);
        if (c.server()) {
            t.put("port", Integer.toString(serverPort));
            if (clientRpcPort > 0) {
                t.put(RpcServer.GOSSIP_TAG, Integer.toString(clientRpcPort));
                t.put(RpcServer.VERSION_TAG, Integer.toString(RpcServer.VERSION));
            }
            t.put("raft_vsn", "3");
            t.put("wan_join_port", Integer.toString(c.ports().serfWan()));
            if (c.bootstrapExpect() > 0) {
                t.put("expect", Integer.toString(c.bootstrapExpect()));
            }
            if (c.bootstrap() || c.devMode()) {
                t.put("bootstrap", "1");
            }
        }
        c.nodeMeta().forEach((k, v) -> t.put("meta_" + k, v));
        return t;
    }

    /**
     * Started after the store and before the pools: puts the port the store bound in the {@code port} tag,
     * which other servers dial for Raft (it differs from the configured one when that is 0, a free port),
     * and the store's client RPC port in its tag.
     */
    static Component serverPortTag(AgentConfig c, RaftStore store, SerfPool lan, SerfPool wan) {
        return new Component() {
            @Override
            public String name() {
                return "server_port_tag";
            }

            @Override
            public void start() {
                Map<String, String> t = tags(c, store.serverPort(), store.clientRpcPort());
                lan.setTags(t);
                if (wan != null) {
                    wan.setTags(t);
                }
            }

            @Override
            public void close() {}
        };
    }
}
