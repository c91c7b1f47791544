package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.TablesChanged;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.raft.state.CatalogTable;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.watch.KeyWatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog writes and queries through a real single-server RaftStore (Ratis + RocksDB on loopback). */
class CatalogQueryTest {

    @TempDir
    Path dir;

    private InProcessEventBus bus;
    private RaftStore store;
    private final List<TablesChanged> tables = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bus = new InProcessEventBus();
        bus.subscribeInline(TablesChanged.class, tables::add);
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
    }

    @AfterEach
    void stop() {
        store.close();
        bus.close();
    }

    @Test
    void registeredNodeServiceAndChecksAnswerEveryCatalogQuery() throws Exception {
        assertThat(apply(register("n1", svc("web1", "web", "v1"),
                check("web-alive", "web1", HealthStatus.PASSING), check("serfHealth", "", HealthStatus.PASSING))))
                .isTrue();
        assertThat(apply(register("n2", svc("db1", "db"), check("db-alive", "db1", HealthStatus.CRITICAL)))).isTrue();

        QueryResult<List<Node>> nodes = query(new CatalogNodes());
        assertThat(nodes.value()).extracting(Node::node).containsExactly("n1", "n2");
        long second = nodes.index();
        assertThat(query(new CatalogServices()).value())
                .isEqualTo(Map.of("db", List.of(), "web", List.of("v1")));

        QueryResult<List<ServiceEntry>> web = query(new ServiceNodes("web"));
        assertThat(web.index()).isLessThan(second);
        assertThat(web.value()).singleElement().satisfies(e -> {
            assertThat(e.node().node()).isEqualTo("n1");
            assertThat(e.checks()).extracting(HealthCheck::checkId).containsExactly("serfHealth", "web-alive");
        });
        QueryResult<Optional<NodeServices>> info = query(new NodeInfo("N2"));
        assertThat(info.value()).map(ns -> ns.services().get(0).id()).contains("db1");
        assertThat(info.index()).isEqualTo(second);
        assertThat(query(new NodeChecks("n1")).value()).extracting(HealthCheck::checkId)
                .containsExactly("serfHealth", "web-alive");
        assertThat(query(new ServiceChecks("db")).value()).extracting(HealthCheck::checkId).containsExactly("db-alive");
        assertThat(query(new ChecksInState(HealthStatus.CRITICAL)).value()).extracting(HealthCheck::node)
                .containsExactly("n2");
        Poll.until(Duration.ofSeconds(2), () -> assertThat(tables).anyMatch(
                t -> t.index() == second && t.tables().containsAll(List.of("nodes", "services", "checks"))));

        assertThat(apply(CatalogDeregister.node("n1"))).isTrue();
        assertThat(query(new ServiceNodes("web")).value()).isEmpty();
        assertThat(query(new ServiceNodes("web")).index()).isGreaterThan(second);
    }

    @Test
    void refusedRegistrationFailsWithConsulsTextAndLeavesNoTrace() throws Exception {
        CompletableFuture<Boolean> f = store.apply(register("n1", null, check("c", "missing", HealthStatus.PASSING)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("failed inserting check on node \"n1\": Missing service registration");
        assertThat(query(new CatalogNodes()).value()).isEmpty();
    }

    @Test
    void blockingQueryOnServiceBIsNotWokenByWritesToServiceA() throws Exception {
        apply(register("n1", svc("a1", "a")));
        apply(register("n2", svc("b1", "b")));
        long bIndex = query(new ServiceNodes("b")).index();
        CompletableFuture<QueryResult<List<ServiceEntry>>> onB =
                store.query(new ServiceNodes("b"), QueryOptions.DEFAULT.blocking(bIndex, Duration.ofSeconds(60)));

        apply(register("n1", svc("a2", "a")));
        apply(register("n3", svc("a3", "a"), check("a3-alive", "a3", HealthStatus.PASSING)));
        long aIndex = query(new ServiceNodes("a")).index();
        // A blocking query on A registered now returns at once: the writes to A are applied and visible.
        assertThat(store.query(new ServiceNodes("a"), QueryOptions.DEFAULT.blocking(bIndex, Duration.ofSeconds(60)))
                .get(10, TimeUnit.SECONDS).index()).isEqualTo(aIndex);
        assertThat(onB).isNotDone();

        apply(register("n1", svc("b2", "b")));
        QueryResult<List<ServiceEntry>> woken = onB.get(10, TimeUnit.SECONDS);
        assertThat(woken.index()).isGreaterThan(aIndex);
        assertThat(woken.value()).extracting(e -> e.service().id()).containsExactly("b2", "b1");
    }

    /** Which writes each catalog query's watch (as the store registers it) wakes for. */
    @Test
    void eachCatalogQueryWatchesOnlyItsOwnData(@TempDir Path stateDir) throws Exception {
        try (StateStore state = new StateStore(stateDir)) {
            KeyWatches watches = new KeyWatches(Runnable::run);
            state.onCommit(watches::fire);
            CatalogTable catalog = new CatalogTable(state);
            catalog.ensureRegistration(1, register("n1", svc("a1", "a")));
            catalog.ensureRegistration(2, register("n2", svc("b1", "b")));

            KeyWatches.Watch serviceB = QueryPlan.of(new ServiceNodes("b")).watch().apply(watches);
            KeyWatches.Watch allNodes = QueryPlan.of(new CatalogNodes()).watch().apply(watches);
            KeyWatches.Watch allServices = QueryPlan.of(new CatalogServices()).watch().apply(watches);
            KeyWatches.Watch nodeInfo = QueryPlan.of(new NodeInfo("n2")).watch().apply(watches);
            KeyWatches.Watch checks = QueryPlan.of(new ChecksInState(HealthStatus.ANY)).watch().apply(watches);

            catalog.ensureRegistration(3, register("n1", svc("a2", "a")));
            assertThat(serviceB.fired()).isNotDone();
            assertThat(allNodes.fired()).isNotDone();
            assertThat(checks.fired()).isNotDone();
            assertThat(allServices.fired()).isDone();
            assertThat(nodeInfo.fired()).isDone();

            catalog.ensureRegistration(4, register("n1", null, check("node-check", "", HealthStatus.PASSING)));
            assertThat(serviceB.fired()).isNotDone();
            assertThat(checks.fired()).isDone();
            catalog.ensureRegistration(5, new CatalogRegister("n2", "", "10.9.9.9", null, null, null, null, false));
            assertThat(serviceB.fired()).isDone();
            assertThat(allNodes.fired()).isDone();
        }
    }

    private <R> R apply(Command<R> command) throws Exception {
        return store.apply(command).get(10, TimeUnit.SECONDS);
    }

    private <T> QueryResult<T> query(Query<T> query) throws Exception {
        return store.query(query, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
    }

    static CatalogRegister register(String node, NodeService service, HealthCheck... checks) {
        return new CatalogRegister(node, "", "10.0.0.1", null, null, service, List.of(checks), false);
    }

    static NodeService svc(String id, String name, String... tags) {
        return new NodeService("", id, name, List.of(tags), Map.of(), 8080, "", Map.of(), null, false, 0, 0);
    }

    static HealthCheck check(String id, String serviceId, String status) {
        return new HealthCheck("", id, id, status, "", "", serviceId, "", List.of(), "", "", "", 0, 0);
    }
}
