package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog through a client agent: writes forwarded to the leader, every catalog query forwarded back. */
class CatalogThroughClientIT {

    @TempDir
    Path dir;

    private ServerAndClient fixture;
    private ServerForwardingStore client;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerAndClient.start(dir);
        client = fixture.client;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void catalogWritesAndEveryCatalogQueryWorkThroughTheClient() throws Exception {
        assertThat(apply(new CatalogRegister("n1", "", "10.0.0.1", Map.of("wan", "1.2.3.4"), Map.of("rack", "r1"),
                svc("web1", "web", "v1"), List.of(check("web-alive", "web1", HealthStatus.PASSING),
                        check("serfHealth", "", HealthStatus.CRITICAL)), false))).isTrue();

        RaftStore server = fixture.server;
        for (Query<?> q : List.of(new CatalogNodes(), new CatalogServices(), new ServiceNodes("web"),
                new NodeInfo("N1"), new NodeInfo("missing"), new NodeChecks("n1"), new ServiceChecks("web"),
                new ChecksInState(HealthStatus.CRITICAL))) {
            QueryResult<?> direct = server.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            QueryResult<?> forwarded = client.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            assertThat(forwarded.value()).as("%s", q).isEqualTo(direct.value());
            assertThat(forwarded.index()).as("%s", q).isEqualTo(direct.index());
        }
        List<ServiceEntry> web = query(new ServiceNodes("web")).value();
        assertThat(web).singleElement().satisfies(e -> {
            assertThat(e.node().taggedAddresses()).containsEntry("wan", "1.2.3.4");
            assertThat(e.checks()).extracting(HealthCheck::checkId).containsExactly("serfHealth", "web-alive");
        });
        Optional<NodeServices> info = query(new NodeInfo("n1")).value();
        assertThat(info).map(ns -> ns.node().meta()).contains(Map.of("rack", "r1"));
        assertThat(query(new CatalogNodes()).value()).extracting(Node::node).containsExactly("n1");

        assertThat(apply(CatalogDeregister.service("n1", "web1"))).isTrue();
        assertThat(query(new ServiceNodes("web")).value()).isEmpty();
    }

    @Test
    void refusedRegistrationComesBackWithConsulsText() {
        CompletableFuture<Boolean> f = client.apply(new CatalogRegister("n1", "", "10.0.0.1", null, null, null,
                List.of(check("c", "nope", HealthStatus.PASSING)), false));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).hasMessage("failed inserting check on node \"n1\": Missing service registration");
    }

    @Test
    void blockingServiceQueryThroughTheClientWakesOnItsServiceOnly() throws Exception {
        apply(register("n1", svc("a1", "a")));
        apply(register("n2", svc("b1", "b")));
        long bIndex = query(new ServiceNodes("b")).index();
        CompletableFuture<QueryResult<List<ServiceEntry>>> onB = client.query(new ServiceNodes("b"),
                QueryOptions.DEFAULT.blocking(bIndex, Duration.ofSeconds(60)));
        apply(register("n1", svc("a2", "a")));
        long aIndex = query(new ServiceNodes("a")).index();
        assertThat(client.query(new ServiceNodes("a"), QueryOptions.DEFAULT.blocking(bIndex, Duration.ofSeconds(60)))
                .get(10, TimeUnit.SECONDS).index()).isEqualTo(aIndex);
        assertThat(onB).isNotDone();

        apply(register("n3", svc("b3", "b")));
        QueryResult<List<ServiceEntry>> woken = onB.get(10, TimeUnit.SECONDS);
        assertThat(woken.index()).isGreaterThan(aIndex);
        assertThat(woken.value()).extracting(e -> e.node().node()).containsExactly("n2", "n3");
        assertThat(woken.consistency()).isEqualTo(Consistency.DEFAULT);
    }

    private <R> R apply(Command<R> command) throws Exception {
        return client.apply(command).get(10, TimeUnit.SECONDS);
    }

    private <T> QueryResult<T> query(Query<T> query) throws Exception {
        return client.query(query, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
    }

    private static CatalogRegister register(String node, NodeService service) {
        return new CatalogRegister(node, "", "10.0.0.1", null, null, service, null, false);
    }

    private static NodeService svc(String id, String name, String... tags) {
        return new NodeService("", id, name, List.of(tags), Map.of(), 8080, "", Map.of(), null, false, 0, 0);
    }

    private static HealthCheck check(String id, String serviceId, String status) {
        return new HealthCheck("", id, id, status, "", "", serviceId, "", List.of(), "", "", "", 0, 0);
    }
}
