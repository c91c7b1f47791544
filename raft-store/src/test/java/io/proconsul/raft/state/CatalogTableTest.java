package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.raft.watch.KeyWatches;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog tables against Consul's state store behaviour (catalog_test.go), with explicit Raft indexes. */
class CatalogTableTest {

    @TempDir
    Path dir;

    private StateStore store;
    private CatalogTable catalog;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        catalog = new CatalogTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void unchangedNodeKeepsItsModifyIndexAndTheTableIndex() {
        catalog.ensureRegistration(1, node("n1", "10.0.0.1"));
        assertThat(catalog.nodes().value()).extracting(Node::createIndex, Node::modifyIndex).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, 1L));

        catalog.ensureRegistration(2, node("n1", "10.0.0.1"));
        assertThat(catalog.nodes().index()).isEqualTo(1);
        assertThat(catalog.nodes().value().get(0).modifyIndex()).isEqualTo(1);

        catalog.ensureRegistration(3, node("n1", "10.0.0.2"));
        Node n = catalog.nodes().value().get(0);
        assertThat(n.address()).isEqualTo("10.0.0.2");
        assertThat(n.createIndex()).isEqualTo(1);
        assertThat(n.modifyIndex()).isEqualTo(3);
        assertThat(catalog.nodes().index()).isEqualTo(3);
    }

    @Test
    void nodeNamesAreLookedUpCaseInsensitivelyAndListedByName() {
        catalog.ensureRegistration(1, node("Zeta", "10.0.0.3"));
        catalog.ensureRegistration(2, node("alpha", "10.0.0.1"));
        assertThat(catalog.nodeInfo("zETA").value()).map(ns -> ns.node().node()).contains("Zeta");
        assertThat(catalog.nodes().value()).extracting(Node::node).containsExactly("alpha", "Zeta");
        assertThat(catalog.nodeInfo("missing").value()).isEmpty();
        assertThat(catalog.nodeInfo("missing").index()).isEqualTo(2);
    }

    @Test
    void skipNodeUpdateKeepsTheStoredNode() {
        catalog.ensureRegistration(1, node("n1", "10.0.0.1"));
        catalog.ensureRegistration(2,
                new CatalogRegister("n1", "", "10.9.9.9", null, null, svc("web", "web"), null, true));
        assertThat(catalog.nodes().value().get(0).address()).isEqualTo("10.0.0.1");
        assertThat(catalog.nodes().index()).isEqualTo(1);
        assertThat(catalog.services().index()).isEqualTo(2);
    }

    @Test
    void knownNodeIdUnderANewNameRenamesTheNode() {
        catalog.ensureRegistration(1, withId("old", "id-1", svc("web1", "web")));
        catalog.ensureRegistration(2, withId("new", "ID-1", null));
        assertThat(catalog.nodes().value()).extracting(Node::node, Node::createIndex, Node::modifyIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new", 1L, 2L));
        // The old name went with everything on it.
        assertThat(catalog.serviceNodes("web").value()).isEmpty();
        assertThat(catalog.serviceIndex("web")).isEqualTo(2);
    }

    @Test
    void aLiveNodeKeepsItsNameAgainstAnotherId() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "id-1", "10.0.0.1", null, null, null,
                List.of(check("", HealthStatus.SERF_CHECK_ID, "", HealthStatus.PASSING)), false));
        CatalogOpException e = assertThrows(CatalogOpException.class,
                () -> catalog.ensureRegistration(2, withId("N1", "id-2", null)));
        assertThat(e).hasMessage("failed inserting node: Error while renaming Node ID: \"id-2\": "
                + "Node name N1 is reserved by node id-1 with name n1 (10.0.0.1)");

        // Once its serfHealth is critical, the name may be taken.
        catalog.ensureRegistration(3,
                withChecks("n1", check("", HealthStatus.SERF_CHECK_ID, "", HealthStatus.CRITICAL)));
        catalog.ensureRegistration(4, withId("n1", "id-2", null));
        assertThat(catalog.nodes().value()).extracting(Node::id).containsExactly("id-2");
    }

    @Test
    void aNodeWithoutIdGivesItsNameToOneWithAnId() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null, null,
                List.of(check("", HealthStatus.SERF_CHECK_ID, "", HealthStatus.PASSING)), false));
        catalog.ensureRegistration(2, withId("n1", "id-9", null));
        Node n = catalog.nodes().value().get(0);
        assertThat(n.id()).isEqualTo("id-9");
        assertThat(n.createIndex()).isEqualTo(1);
        assertThat(n.modifyIndex()).isEqualTo(2);
    }

    @Test
    void serviceOnUnknownNodeCreatesTheNodeAndOnlyItsOwnServiceIndexMoves() {
        catalog.ensureRegistration(1, withService("n1", svc("web1", "web")));
        catalog.ensureRegistration(2, withService("n2", svc("db1", "db")));
        assertThat(catalog.nodes().value()).extracting(Node::node).containsExactly("n1", "n2");
        assertThat(catalog.serviceIndex("web")).isEqualTo(1);
        assertThat(catalog.serviceIndex("db")).isEqualTo(2);
        assertThat(catalog.services().index()).isEqualTo(2);

        // Re-registering the unchanged instance writes nothing.
        catalog.ensureRegistration(3, withService("n1", svc("web1", "web")));
        assertThat(catalog.serviceIndex("web")).isEqualTo(1);
        assertThat(catalog.services().index()).isEqualTo(2);
        assertThat(catalog.service("n1", "web1").modifyIndex()).isEqualTo(1);

        catalog.ensureRegistration(4, withService("n1", svc("web1", "web").withTags(List.of("v2"))));
        NodeService web = catalog.service("n1", "WEB1");
        assertThat(web.createIndex()).isEqualTo(1);
        assertThat(web.modifyIndex()).isEqualTo(4);
        assertThat(catalog.serviceIndex("web")).isEqualTo(4);
        assertThat(catalog.serviceIndex("db")).isEqualTo(2);
        // A service never registered answers with the services table's index.
        assertThat(catalog.serviceIndex("nope")).isEqualTo(4);
    }

    @Test
    void serviceWithoutIdIsIdentifiedByItsName() {
        catalog.ensureRegistration(1, withService("n1", svc("", "redis")));
        assertThat(catalog.service("n1", "redis")).isNotNull();
    }

    @Test
    void renamedInstanceMovesBothNamesAndLeavesTheOldName() {
        catalog.ensureRegistration(1, withService("n1", svc("s1", "old")));
        catalog.ensureRegistration(2, withService("n1", svc("s1", "new")));
        assertThat(catalog.serviceNodes("old").value()).isEmpty();
        assertThat(catalog.serviceNodes("old").index()).isEqualTo(2);
        assertThat(catalog.serviceNodes("new").value()).hasSize(1);
        assertThat(catalog.services().value()).containsOnlyKeys("new");
    }

    @Test
    void checkOnAMissingServiceFailsWithConsulsTextAndWritesNothing() {
        CatalogRegister r = new CatalogRegister("n1", "", "10.0.0.1", null, null, null,
                List.of(check("", "c1", "nope", null)), false);
        CatalogOpException e = assertThrows(CatalogOpException.class, () -> catalog.ensureRegistration(1, r));
        assertThat(e).hasMessage("failed inserting check on node \"n1\": Missing service registration");
        assertThat(catalog.nodes().value()).isEmpty();
        assertThat(catalog.nodes().index()).isZero();
    }

    @Test
    void checkNamingAnotherNodeFails() {
        CatalogRegister r = new CatalogRegister("n1", "", "10.0.0.1", null, null, null,
                List.of(check("n2", "c1", "", HealthStatus.PASSING)), false);
        CatalogOpException e = assertThrows(CatalogOpException.class, () -> catalog.ensureRegistration(1, r));
        assertThat(e).hasMessage("check node \"n2\" does not match node \"n1\"");
    }

    @Test
    void checkTakesItsServicesNameAndTagsAndDefaultsToCritical() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null,
                svc("web1", "web").withTags(List.of("a", "b")), List.of(check("", "c1", "web1", "")), false));
        HealthCheck c = catalog.nodeChecks("N1").value().get(0);
        assertThat(c.node()).isEqualTo("n1");
        assertThat(c.serviceName()).isEqualTo("web");
        assertThat(c.serviceTags()).containsExactly("a", "b");
        assertThat(c.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(c.createIndex()).isEqualTo(1);
        assertThat(catalog.nodeChecks("n1").index()).isEqualTo(1);

        // The same check again changes nothing; a new status moves only ModifyIndex.
        catalog.ensureRegistration(2, withChecks("n1", check("", "c1", "web1", "")));
        assertThat(catalog.nodeChecks("n1").index()).isEqualTo(1);
        catalog.ensureRegistration(3, withChecks("n1", check("", "c1", "web1", HealthStatus.PASSING)));
        c = catalog.nodeChecks("n1").value().get(0);
        assertThat(c.createIndex()).isEqualTo(1);
        assertThat(c.modifyIndex()).isEqualTo(3);
        assertThat(catalog.serviceIndex("web")).isEqualTo(3);
    }

    @Test
    void nodeLevelCheckAndNodeChangesMoveEveryServiceOnTheNodeOnly() {
        catalog.ensureRegistration(1, withService("n1", svc("web1", "web")));
        catalog.ensureRegistration(2, withService("n1", svc("db1", "db")));
        catalog.ensureRegistration(3, withService("n2", svc("api1", "api")));

        catalog.ensureRegistration(4, withChecks("n1", check("", "serfHealth", "", HealthStatus.PASSING)));
        assertThat(catalog.serviceIndex("web")).isEqualTo(4);
        assertThat(catalog.serviceIndex("db")).isEqualTo(4);
        assertThat(catalog.serviceIndex("api")).isEqualTo(3);

        catalog.ensureRegistration(5, node("n1", "10.1.1.1"));
        assertThat(catalog.serviceIndex("web")).isEqualTo(5);
        assertThat(catalog.serviceIndex("api")).isEqualTo(3);

        catalog.deleteCheck(6, "n1", "serfHealth");
        assertThat(catalog.serviceIndex("db")).isEqualTo(6);
        assertThat(catalog.serviceIndex("api")).isEqualTo(3);
        assertThat(catalog.nodeChecks("n1").index()).isEqualTo(6);
    }

    @Test
    void deletingAServiceTakesItsChecksAndLeavesTheNodesOwn() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null, svc("web1", "web"),
                List.of(check("", "c-web", "web1", HealthStatus.PASSING),
                        check("", "c-node", "", HealthStatus.PASSING)), false));
        catalog.deleteService(2, "n1", "web1");
        assertThat(catalog.nodeChecks("n1").value()).extracting(HealthCheck::checkId).containsExactly("c-node");
        assertThat(catalog.serviceNodes("web").value()).isEmpty();
        assertThat(catalog.serviceNodes("web").index()).isEqualTo(2);
        assertThat(catalog.services().index()).isEqualTo(2);
        assertThat(catalog.nodeChecks("n1").index()).isEqualTo(2);
        assertThat(catalog.nodes().index()).isEqualTo(1);
    }

    @Test
    void deletingANodeCascadesAndDeletingWhatIsMissingChangesNothing() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null, svc("web1", "web"),
                List.of(check("", "c-web", "web1", HealthStatus.PASSING)), false));
        catalog.ensureRegistration(2, withService("n2", svc("web2", "web")));
        catalog.deleteNode(3, "N1");
        assertThat(catalog.nodes().value()).extracting(Node::node).containsExactly("n2");
        assertThat(catalog.serviceNodes("web").value()).extracting(e -> e.node().node()).containsExactly("n2");
        assertThat(catalog.checksInState(HealthStatus.ANY).value()).isEmpty();
        assertThat(catalog.nodes().index()).isEqualTo(3);
        assertThat(catalog.services().index()).isEqualTo(3);
        assertThat(catalog.checksInState(HealthStatus.ANY).index()).isEqualTo(3);

        catalog.deleteNode(4, "n1");
        catalog.deleteService(5, "n2", "nope");
        catalog.deleteCheck(6, "n2", "nope");
        assertThat(catalog.nodes().index()).isEqualTo(3);
        assertThat(catalog.services().index()).isEqualTo(3);
        assertThat(catalog.serviceIndex("web")).isEqualTo(3);
    }

    @Test
    void deregisterWithServiceAndCheckRemovesBoth() {
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null, svc("web1", "web"),
                List.of(check("", "c-node", "", HealthStatus.PASSING)), false));
        try (WriteTx tx = store.begin(0, 2)) {
            assertThat(catalog.apply(tx, new CatalogDeregister("n1", "web1", "c-node"))).isTrue();
            store.commit(tx);
        }
        assertThat(catalog.nodeInfo("n1").value()).map(NodeServices::services).contains(List.of());
        assertThat(catalog.nodeChecks("n1").value()).isEmpty();
    }

    @Test
    void serviceNodesListByNodeThenIdWithNodeChecksFirst() {
        catalog.ensureRegistration(1, new CatalogRegister("b", "", "10.0.0.2", null, null, svc("web-2", "web"),
                List.of(check("", "svc", "web-2", HealthStatus.WARNING), check("", "a-node", "", HealthStatus.PASSING)),
                false));
        catalog.ensureRegistration(2, withService("a", svc("web-9", "web")));
        catalog.ensureRegistration(3, withService("b", svc("web-1", "web")));
        catalog.ensureRegistration(4, withService("a", svc("other", "other")));

        List<ServiceEntry> entries = catalog.serviceNodes("WEB").value();
        assertThat(entries).extracting(e -> e.node().node() + "/" + e.service().id())
                .containsExactly("a/web-9", "b/web-1", "b/web-2");
        assertThat(entries.get(2).checks()).extracting(HealthCheck::checkId).containsExactly("a-node", "svc");
        assertThat(entries.get(2).aggregateStatus()).isEqualTo(HealthStatus.WARNING);
        assertThat(entries.get(1).checks()).extracting(HealthCheck::checkId).containsExactly("a-node");
        assertThat(catalog.serviceChecks("web").value()).extracting(HealthCheck::checkId).containsExactly("svc");
        assertThat(catalog.checksInState(HealthStatus.PASSING).value()).extracting(HealthCheck::checkId)
                .containsExactly("a-node");
    }

    @Test
    void servicesListsEachNameWithTheUnionOfItsTags() {
        catalog.ensureRegistration(1, withService("n1", svc("w1", "web").withTags(List.of("v2", "east"))));
        catalog.ensureRegistration(2, withService("n2", svc("w2", "web").withTags(List.of("v1", "east"))));
        catalog.ensureRegistration(3, withService("n2", svc("c", "consul")));
        Map<String, List<String>> services = catalog.services().value();
        assertThat(services.keySet()).containsExactly("consul", "web");
        assertThat(services.get("web")).containsExactly("east", "v1", "v2");
        assertThat(services.get("consul")).isEmpty();
    }

    @Test
    void aWriteWakesOnlyTheWatchersOfWhatItTouched() {
        KeyWatches watches = new KeyWatches(Runnable::run);
        store.onCommit(watches::fire);
        catalog.ensureRegistration(1, withService("n1", svc("a1", "a")));
        catalog.ensureRegistration(2, withService("n2", svc("b1", "b")));

        KeyWatches.Watch onB = watches.service("B");
        KeyWatches.Watch onChecks = watches.tables("checks");
        KeyWatches.Watch onNodeInfo = watches.tables("nodes", "services");
        catalog.ensureRegistration(3, withService("n1", svc("a2", "a")));
        assertThat(onB.fired()).isNotDone();
        assertThat(onChecks.fired()).isNotDone();
        assertThat(onNodeInfo.fired()).isDone();

        catalog.ensureRegistration(4, withChecks("n2", check("", "c", "b1", HealthStatus.PASSING)));
        assertThat(onB.fired()).isDone();
        assertThat(onChecks.fired()).isDone();
        assertThat(watches.size()).isZero();
    }

    @Test
    void commitsNameTheCatalogTablesTheyChanged() {
        List<WriteTx.Changes> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.onCommit(changes::add);
        catalog.ensureRegistration(1, new CatalogRegister("n1", "", "10.0.0.1", null, null, svc("web1", "web"),
                List.of(check("", "c", "web1", HealthStatus.PASSING)), false));
        catalog.ensureRegistration(2, withChecks("n1", check("", "c", "web1", HealthStatus.CRITICAL)));
        assertThat(changes.get(0).tables()).containsExactlyInAnyOrder("nodes", "services", "checks");
        assertThat(changes.get(0).services()).containsExactly("web");
        assertThat(changes.get(1).tables()).containsExactly("checks");
    }

    // ---- helpers ----

    static CatalogRegister node(String node, String address) {
        return new CatalogRegister(node, "", address, null, null, null, null, false);
    }

    static CatalogRegister withId(String node, String id, NodeService service) {
        return new CatalogRegister(node, id, "10.0.0.1", null, null, service, null, false);
    }

    static CatalogRegister withService(String node, NodeService service) {
        return new CatalogRegister(node, "", "10.0.0.1", null, null, service, null, false);
    }

    static CatalogRegister withChecks(String node, HealthCheck... checks) {
        return new CatalogRegister(node, "", "10.0.0.1", null, null, null, List.of(checks), false);
    }

    static NodeService svc(String id, String name) {
        return new NodeService("", id, name, List.of(), Map.of(), 8080, "", Map.of(), null, false, 0, 0);
    }

    static HealthCheck check(String node, String id, String serviceId, String status) {
        return new HealthCheck(node, id, id + " check", status, "", "", serviceId, "", List.of(), "", "", "", 0, 0);
    }
}
