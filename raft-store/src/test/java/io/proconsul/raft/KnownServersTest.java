package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.raft.rpc.RpcServer;
import java.util.HashMap;
import java.util.Map;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which servers a follower forwards its writes to over client RPC: only those whose gossip tags advertise
 * both a listener and a version of it that takes {@code WRITE_INDEXED} (2 or later); anything else, an
 * older build among them, is reached through Ratis.
 */
class KnownServersTest {

    @ParameterizedTest(name = "port={0} vsn={1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "8303, 2,    127.0.0.40:8303",
        "8303, 3,    127.0.0.40:8303",
        "8303, none, none",
        "8303, 1,    none",
        "8303, x,    none",
        "none, 2,    none",
        "0,    2,    none",
        "-1,   2,    none",
    })
    void forwardsOverClientRpcOnlyToAListenerThatTakesIndexedWrites(String port, String vsn, String expected) {
        Map<String, String> tags = new HashMap<>(Map.of("role", "consul", "dc", "dc1", "port", "8300", "id", "s1"));
        if (port != null) {
            tags.put(RpcServer.GOSSIP_TAG, port);
        }
        if (vsn != null) {
            tags.put(RpcServer.VERSION_TAG, vsn);
        }
        Member m = new Member("s1", "127.0.0.40", 8301, tags, MemberStatus.ALIVE, null);
        KnownServers known = new KnownServers();
        known.record(new MemberEvent(MemberEvent.Type.JOIN, m, "lan"), ServerDiscovery.peerOf(m));
        assertThat(known.clientRpcAddress(RaftPeerId.valueOf("s1")).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "vsn={0}")
    @CsvSource(nullValues = "none", value = {"none", "1"})
    void anUpdateFromAnOlderBuildTakesTheListenerBackOff(String vsn) {
        Map<String, String> tags = new HashMap<>(Map.of("role", "consul", "dc", "dc1", "port", "8300", "id", "s1",
                RpcServer.GOSSIP_TAG, "8303", RpcServer.VERSION_TAG, "2"));
        Member upgraded = new Member("s1", "127.0.0.40", 8301, tags, MemberStatus.ALIVE, null);
        KnownServers known = new KnownServers();
        known.record(new MemberEvent(MemberEvent.Type.JOIN, upgraded, "lan"), ServerDiscovery.peerOf(upgraded));
        assertThat(known.clientRpcAddress(RaftPeerId.valueOf("s1"))).contains("127.0.0.40:8303");

        if (vsn == null) {
            tags.remove(RpcServer.VERSION_TAG);
        } else {
            tags.put(RpcServer.VERSION_TAG, vsn);
        }
        Member older = new Member("s1", "127.0.0.40", 8301, tags, MemberStatus.ALIVE, null);
        known.record(new MemberEvent(MemberEvent.Type.UPDATE, older, "lan"), ServerDiscovery.peerOf(older));
        assertThat(known.clientRpcAddress(RaftPeerId.valueOf("s1"))).isEmpty();
    }
}
