package io.proconsul.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.MemberReconciler;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfConfig;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's reconciliation against a real single-server Raft store (RocksDB in a temporary directory)
 * and real gossip pools on 127.0.0.1 at a tenth of Consul's timings.
 */
class MemberReconcilerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LEADER_ID = UUID.randomUUID().toString();
    private static final String WEB_ID = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    private final InProcessEventBus bus = new InProcessEventBus();
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private RaftStore store;
    private SerfPool lan;
    private MemberReconciler reconciler;

    @AfterEach
    void close() throws Exception {
        if (reconciler != null) {
            reconciler.close();
        }
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        bus.close();
    }

    @Test
    void keepsMembersInTheCatalogWithTheirSerfHealth() throws Exception {
        startLeader();
        // written before this server reconciles: a node of the catalog API, and a node gossip never knew
        register(new CatalogRegister("external", "", "10.1.1.1", Map.of(), Map.of(), null,
                List.of(check("external", "ext-check", "passing", "")), false));
        register(new CatalogRegister("ghost", "", "10.1.1.2", Map.of(), Map.of(), null,
                List.of(check("ghost", "serfHealth", "passing", "Agent alive and reachable")), false));
        SerfPool web = startMember("web1", WEB_ID);
        SerfPool api = startMember("api1", UUID.randomUUID().toString());

        // started after this server won leadership: it must notice without a LeaderChanged event
        reconciler = new MemberReconciler("leader", "dc1", lan, store, bus, Duration.ofSeconds(1));
        reconciler.start();

        // every member registered, passing; the server with its consul service on the RPC port
        awaitSerfHealth("leader", "passing", "Agent alive and reachable");
        awaitSerfHealth("web1", "passing", "Agent alive and reachable");
        awaitSerfHealth("api1", "passing", "Agent alive and reachable");
        NodeServices leader = query(new NodeInfo("leader")).orElseThrow();
        assertThat(leader.node().id()).isEqualTo(LEADER_ID);
        assertThat(leader.services()).extracting(NodeService::id, NodeService::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("consul", store.serverPort()));
        NodeServices webNode = query(new NodeInfo("web1")).orElseThrow();
        assertThat(webNode.node().id()).isEqualTo(WEB_ID);
        assertThat(webNode.node().address()).isEqualTo("127.0.0.1");
        assertThat(webNode.services()).isEmpty();

        // the full reconcile reaps the node with a serfHealth check that gossip does not know, only that one
        awaitNode("ghost", false);
        assertThat(query(new NodeInfo("external"))).isPresent();

        // a member that stops without leaving turns critical
        web.close();
        awaitSerfHealth("web1", "critical", "Agent not live or unreachable");

        // a member that leaves gracefully is deregistered
        api.leave().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitNode("api1", false);
        assertThat(query(new NodeInfo("web1"))).isPresent();
        assertThat(query(new NodeInfo("leader"))).isPresent();
    }

    private void startLeader() throws Exception {
        AgentConfig.Ports ports = new AgentConfig.Ports(8600, 8500, -1, -1, 8301, 8302, 0);
        AgentConfig config = new AgentConfig("leader", LEADER_ID, "dc1", "dc1", dir.toString(), true, false, 0, true,
                "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE, ports, "INFO", "", false,
                AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
        store = new RaftStore(config, bus);
        store.start();
        closeLast.add(store);
        awaitLeader();
        lan = new SerfPool(SerfConfig.lan("leader", "127.0.0.1", 0, "dc1")
                .withTags(Map.of("role", "consul", "dc", "dc1", "id", LEADER_ID,
                        "port", Integer.toString(store.serverPort())))
                .scaled(0.1), bus);
        lan.start();
        closeLast.add(lan);
    }

    private SerfPool startMember(String name, String id) throws Exception {
        InProcessEventBus own = new InProcessEventBus();
        closeLast.add(own);
        SerfPool pool = new SerfPool(SerfConfig.lan(name, "127.0.0.1", 0, "dc1")
                .withTags(Map.of("role", "node", "dc", "dc1", "id", id)).scaled(0.1), own);
        pool.start();
        closeLast.add(pool);
        assertThat(pool.join(List.of("127.0.0.1:" + lan.boundPort())).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(1);
        return pool;
    }

    private void register(CatalogRegister r) throws Exception {
        assertThat(store.apply(r).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private <T> T query(Query<T> q) throws Exception {
        return store.query(q, QueryOptions.DEFAULT).get(WAIT.toSeconds(), TimeUnit.SECONDS).value();
    }

    private void awaitLeader() throws Exception {
        poll(() -> assertThat(store.raftStats()).containsEntry("state", "Leader"));
    }

    private void awaitSerfHealth(String node, String status, String output) throws Exception {
        poll(() -> {
            List<HealthCheck> checks = uncheckedQuery(new NodeChecks(node));
            assertThat(checks).filteredOn(c -> c.checkId().equals("serfHealth")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.name()).isEqualTo("Serf Health Status");
                        assertThat(c.status()).isEqualTo(status);
                        assertThat(c.output()).isEqualTo(output);
                    });
        });
    }

    private void awaitNode(String node, boolean present) throws Exception {
        poll(() -> assertThat(uncheckedQuery(new NodeInfo(node)).isPresent()).isEqualTo(present));
    }

    private <T> T uncheckedQuery(Query<T> q) {
        try {
            return query(q);
        } catch (Exception e) {
            throw new AssertionError("query " + q + " failed", e);
        }
    }

    private static HealthCheck check(String node, String id, String status, String output) {
        return new HealthCheck(node, id, id, status, "", output, "", "", List.of(), "", "", "", 0, 0);
    }

    /** Polls an assertion until it holds or {@link #WAIT} passes. */
    private static void poll(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
