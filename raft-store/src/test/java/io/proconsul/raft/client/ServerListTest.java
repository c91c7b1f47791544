package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerListTest {

    private final ServerList list = new ServerList("dc1");

    private static MemberEvent event(MemberEvent.Type type, String name, Map<String, String> tags, String pool) {
        MemberStatus status = type == MemberEvent.Type.FAILED ? MemberStatus.FAILED : MemberStatus.ALIVE;
        return new MemberEvent(type, new Member(name, "10.0.0.1", 8301, tags, status, null), pool);
    }

    private static Map<String, String> server(String dc, String port, String id) {
        return Map.of("role", "consul", "dc", dc, "port", port, "client_rpc_port", "9300", "id", id);
    }

    @Test
    void keepsOnlyLiveServersOfItsDatacenterInTheLanPool() {
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s1", server("dc1", "8300", "uuid-1"), "lan"))).isTrue();
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s1", server("dc1", "8300", "uuid-1"), "lan"))).isFalse();
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s2", server("dc2", "8300", "uuid-2"), "lan"))).isFalse();
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s3", server("dc1", "8300", "uuid-3"), "wan"))).isFalse();
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "c1", Map.of("role", "node", "dc", "dc1"), "lan")))
                .isFalse();
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s4", server("dc1", "0", "uuid-4"), "lan"))).isFalse();
        // A server that advertises no client RPC port cannot be reached by a client agent.
        assertThat(list.onEvent(event(MemberEvent.Type.JOIN, "s6", Map.of("role", "consul", "dc", "dc1", "port",
                "8300"), "lan"))).isFalse();
        // Without an id tag the node name is the peer id, as servers derive it.
        assertThat(list.onEvent(event(MemberEvent.Type.UPDATE, "s5", Map.of("role", "consul", "dc", "dc1", "port",
                "8305", "client_rpc_port", "9305"), "lan"))).isTrue();

        assertThat(list.all()).containsExactlyInAnyOrder(new Server("uuid-1", "10.0.0.1:8300", "10.0.0.1:9300"),
                new Server("s5", "10.0.0.1:8305", "10.0.0.1:9305"));

        assertThat(list.onEvent(event(MemberEvent.Type.FAILED, "s1", server("dc1", "8300", "uuid-1"), "lan")))
                .isTrue();
        assertThat(list.all()).extracting(Server::id).containsExactly("s5");
        assertThat(list.preferred()).map(Server::id).contains("s5");
        assertThat(list.rotate(list.preferred().orElseThrow().id())).map(Server::id).contains("s5");
        list.onEvent(event(MemberEvent.Type.LEAVE, "s5", Map.of("role", "consul", "dc", "dc1", "port", "8305",
                "client_rpc_port", "9305"), "lan"));
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.preferred()).isEmpty();
    }
}
