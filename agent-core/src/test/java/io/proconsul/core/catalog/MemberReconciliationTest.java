package io.proconsul.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.Command;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The leader's decisions per member state and catalog state, as Consul's leader.go makes them. */
class MemberReconciliationTest {

    private static final String ID = "0a0b0c0d-0000-0000-0000-000000000001";
    private final MemberReconciliation r = new MemberReconciliation("leader", "dc1");

    @Test
    void anAliveClientUnknownToTheCatalogIsRegisteredPassing() {
        CatalogRegister reg = register(r.decide(client("web1", MemberStatus.ALIVE), false,
                MemberReconciliation.NodeState.ABSENT));
        assertThat(reg.node()).isEqualTo("web1");
        assertThat(reg.id()).isEqualTo(ID);
        assertThat(reg.address()).isEqualTo("10.0.0.5");
        assertThat(reg.skipNodeUpdate()).isTrue();
        assertThat(reg.service()).isNull();
        assertThat(reg.checks()).singleElement().satisfies(c -> {
            assertThat(c.checkId()).isEqualTo("serfHealth");
            assertThat(c.name()).isEqualTo("Serf Health Status");
            assertThat(c.status()).isEqualTo("passing");
            assertThat(c.output()).isEqualTo("Agent alive and reachable");
            assertThat(c.type()).isEmpty();
            assertThat(c.serviceId()).isEmpty();
        });
    }

    @Test
    void anAliveServerAlsoGetsTheConsulServiceOnItsRpcPort() {
        CatalogRegister reg = register(r.decide(server("s2", MemberStatus.ALIVE), false,
                MemberReconciliation.NodeState.ABSENT));
        assertThat(reg.service()).isNotNull();
        assertThat(reg.service().id()).isEqualTo("consul");
        assertThat(reg.service().service()).isEqualTo("consul");
        assertThat(reg.service().port()).isEqualTo(8300);
    }

    @Test
    void nothingIsWrittenWhenTheCatalogAlreadyAgrees() {
        assertThat(r.decide(client("web1", MemberStatus.ALIVE), false, state("10.0.0.5", "passing"))).isEmpty();
        assertThat(r.decide(client("web1", MemberStatus.FAILED), false, state("10.0.0.5", "critical"))).isEmpty();
        assertThat(r.decide(server("s2", MemberStatus.ALIVE), false,
                state("10.0.0.5", "passing", consulService()))).isEmpty();
    }

    @Test
    void aServerMissingItsConsulServiceIsRegisteredAgain() {
        CatalogRegister reg = register(r.decide(server("s2", MemberStatus.ALIVE), false,
                state("10.0.0.5", "passing")));
        assertThat(reg.service().id()).isEqualTo("consul");
    }

    @Test
    void aCriticalOrMissingSerfCheckOfAnAliveMemberTurnsPassing() {
        assertThat(register(r.decide(client("web1", MemberStatus.ALIVE), false, state("10.0.0.5", "critical")))
                .checks().get(0).status()).isEqualTo("passing");
        assertThat(register(r.decide(client("web1", MemberStatus.ALIVE), false, state("10.0.0.5", null)))
                .checks().get(0).status()).isEqualTo("passing");
    }

    @Test
    void aMovedNodeIsRegisteredAgainEvenIfItsCheckIsPassing() {
        assertThat(r.decide(client("web1", MemberStatus.ALIVE), false, state("10.9.9.9", "passing"))).isPresent();
    }

    @Test
    void aFailedMemberTurnsCritical() {
        CatalogRegister reg = register(r.decide(client("web1", MemberStatus.FAILED), false,
                state("10.0.0.5", "passing")));
        assertThat(reg.service()).isNull();
        assertThat(reg.checks()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("critical");
            assertThat(c.output()).isEqualTo("Agent not live or unreachable");
        });
        // unknown to the catalog: still registered, so that its failure is visible
        assertThat(register(r.decide(client("web1", MemberStatus.FAILED), false,
                MemberReconciliation.NodeState.ABSENT)).checks().get(0).status()).isEqualTo("critical");
    }

    @Test
    void leftAndReapedMembersAreDeregisteredIfPresent() {
        assertThat(r.decide(client("web1", MemberStatus.LEFT), false, state("10.0.0.5", "passing")))
                .contains(CatalogDeregister.node("web1"));
        assertThat(r.decide(client("web1", MemberStatus.FAILED), true, state("10.0.0.5", "critical")))
                .contains(CatalogDeregister.node("web1"));
        assertThat(r.decide(client("web1", MemberStatus.LEFT), false, MemberReconciliation.NodeState.ABSENT))
                .isEmpty();
    }

    @Test
    void theLeaderNeverDeregistersItself() {
        assertThat(r.decide(client("leader", MemberStatus.LEFT), false, state("10.0.0.5", "passing"))).isEmpty();
        assertThat(r.decide(client("LEADER", MemberStatus.FAILED), true, state("10.0.0.5", "passing"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = MemberStatus.class, names = {"LEAVING", "NONE"})
    void transientStatesWriteNothing(MemberStatus status) {
        assertThat(r.decide(client("web1", status), false, MemberReconciliation.NodeState.ABSENT)).isEmpty();
    }

    @Test
    void membersOfOtherDatacentersOrRolesAreLeftAlone() {
        Member otherDc = new Member("x", "10.0.0.6", 8301, Map.of("role", "node", "dc", "dc2"), MemberStatus.ALIVE,
                null);
        Member noRole = new Member("y", "10.0.0.7", 8301, Map.of("dc", "dc1"), MemberStatus.ALIVE, null);
        assertThat(r.decide(otherDc, false, MemberReconciliation.NodeState.ABSENT)).isEmpty();
        assertThat(r.decide(noRole, false, MemberReconciliation.NodeState.ABSENT)).isEmpty();
        assertThat(r.handles(client("z", MemberStatus.ALIVE))).isTrue();
    }

    @Test
    void onlyNodesWithASerfCheckThatGossipForgotAreReaped() {
        List<HealthCheck> checks = List.of(
                check("gone", "serfHealth"), check("gone", "service:web"),
                check("Known", "serfHealth"),
                check("external", "service:db"),
                check("leader", "serfHealth"));
        assertThat(r.reaped(Set.of("known", "leader"), checks)).containsExactly(CatalogDeregister.node("gone"));
        assertThat(r.reaped(Set.of(), checks)).containsExactly(CatalogDeregister.node("gone"),
                CatalogDeregister.node("Known"));
    }

    private static CatalogRegister register(Optional<Command<Boolean>> decision) {
        assertThat(decision).isPresent();
        assertThat(decision.get()).isInstanceOf(CatalogRegister.class);
        return (CatalogRegister) decision.get();
    }

    private static Member client(String name, MemberStatus status) {
        return new Member(name, "10.0.0.5", 8301, Map.of("role", "node", "dc", "dc1", "id", ID), status, null);
    }

    private static Member server(String name, MemberStatus status) {
        return new Member(name, "10.0.0.5", 8301, Map.of("role", "consul", "dc", "dc1", "id", ID, "port", "8300"),
                status, null);
    }

    private static NodeService consulService() {
        return new NodeService("", "consul", "consul", List.of(), Map.of(), 8300, "", Map.of(), null, false, 1, 1);
    }

    private static MemberReconciliation.NodeState state(String address, String serfStatus, NodeService... services) {
        Node node = new Node(ID, "web1", address, "dc1", Map.of(), Map.of(), 1, 1);
        List<HealthCheck> checks = serfStatus == null ? List.of()
                : List.of(new HealthCheck("web1", "serfHealth", "Serf Health Status", serfStatus, "", "", "", "",
                        List.of(), "", "", "", 1, 1));
        return new MemberReconciliation.NodeState(Optional.of(new NodeServices(node, List.of(services))), checks);
    }

    private static HealthCheck check(String node, String id) {
        return new HealthCheck(node, id, id, "passing", "", "", "", "", List.of(), "", "", "", 1, 1);
    }
}
