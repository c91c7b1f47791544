package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outage recovery with {@code raft/peers.json}: three servers, two of them lost for good; the survivor
 * restarts with a peers.json naming only itself and serves everything it had, with indexes that go on
 * growing.
 */
class PeersJsonRecoveryIT {

    private static final int KEYS = 20;

    @TempDir
    Path dir;

    private final List<Servers> runs = new ArrayList<>();

    @AfterEach
    void stop() {
        runs.forEach(Servers::close);
    }

    private Servers run() {
        Servers s = new Servers();
        runs.add(s);
        return s;
    }

    private AgentConfig config(int i, int port) {
        return TestConfigs.server(dir.resolve("s" + i), "server" + i, port, 16384, 10240);
    }

    /** Three servers take {@link #KEYS} writes, stop, and two of them are lost; returns the last ModifyIndex. */
    private long outage(int[] ports) throws Exception {
        Servers first = run();
        for (int i = 0; i < 3; i++) {
            first.start(config(i, ports[i]));
        }
        first.gossip(MemberEvent.Type.JOIN, first.stores);
        RaftStore leader = first.awaitLeader(first.stores, 3);
        for (int k = 0; k < KEYS; k++) {
            leader.apply(new KvApply(KvOp.set("k" + k, ("v" + k).getBytes(StandardCharsets.UTF_8), 0)))
                    .get(10, TimeUnit.SECONDS);
        }
        RaftStore survivor = first.stores.get(0);
        long lastIndex = Servers.eventually(Duration.ofSeconds(10), () -> get(survivor, "k" + (KEYS - 1)).modifyIndex());
        first.close();
        deleteTree(dir.resolve("s1"));
        deleteTree(dir.resolve("s2"));
        return lastIndex;
    }

    @Test
    void theSurvivorRecoversItsDataAndIndexesFromPeersJson() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        long lastIndex = outage(ports);
        Path peersJson = dir.resolve("s0/raft/peers.json");
        Files.writeString(peersJson, "[\n  {\"id\": \"server0\", \"address\": \"127.0.0.1:" + ports[0]
                + "\", \"non_voter\": false}\n]\n");

        RaftStore recovered = run().start(config(0, ports[0]));

        Poll.until(Duration.ofSeconds(20), () -> assertThat(recovered.leader()).contains("127.0.0.1:" + ports[0]));
        assertThat(recovered.peers()).containsExactly("127.0.0.1:" + ports[0]);
        assertThat(peersJson).doesNotExist();
        for (int k = 0; k < KEYS; k++) {
            assertThat(get(recovered, "k" + k).value()).isEqualTo(("v" + k).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(get(recovered, "k" + (KEYS - 1)).modifyIndex()).isEqualTo(lastIndex);
        recovered.apply(new KvApply(KvOp.set("new", null, 0))).get(10, TimeUnit.SECONDS);
        assertThat(get(recovered, "new").modifyIndex()).isGreaterThan(lastIndex);
        RaftConfiguration conf = recovered.raftConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(conf.servers()).singleElement().satisfies(s -> assertThat(s.leader()).isTrue());

        // The recovered configuration is the server's own from now on: a plain restart keeps it.
        runs.get(1).close();
        RaftStore again = run().start(config(0, ports[0]));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(again.leader()).isPresent());
        assertThat(get(again, "new").modifyIndex()).isGreaterThan(lastIndex);
        assertThat(get(again, "k0").value()).isEqualTo("v0".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A server without Raft data joins the recovered cluster through gossip, as a new server does; it is not
     * listed in peers.json (Ratis will not elect a leader whose voters include one with an empty log).
     */
    @Test
    void aFreshServerJoinsTheRecoveredSurvivorAndGetsAllData() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        long lastIndex = outage(ports);
        Files.writeString(dir.resolve("s0/raft/peers.json"),
                "[{\"id\": \"server0\", \"address\": \"127.0.0.1:" + ports[0] + "\", \"non_voter\": false}]");
        Servers second = run();
        RaftStore survivor = second.start(config(0, ports[0]));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(survivor.leader()).isPresent());
        survivor.setAutopilotConfiguration(new AutopilotConfig(true, Duration.ofMillis(200), 250, 0,
                Duration.ofSeconds(1), 0, 0), -1).get(10, TimeUnit.SECONDS);
        RaftStore fresh = second.start(TestConfigs.server(dir.resolve("s3"), "server3", 0));
        second.gossip(MemberEvent.Type.JOIN, second.stores);

        second.awaitLeader(second.stores, 2);
        survivor.apply(new KvApply(KvOp.set("new", null, 0))).get(10, TimeUnit.SECONDS);
        assertThat(Servers.eventually(Duration.ofSeconds(20), () -> get(fresh, "new").modifyIndex()))
                .isGreaterThan(lastIndex);
        assertThat(get(fresh, "k" + (KEYS - 1)).modifyIndex()).isEqualTo(lastIndex);
    }

    @Test
    void aMalformedPeersJsonFailsStartUpNamingTheFile() throws Exception {
        Path peersJson = dir.resolve("s0/raft/peers.json");
        Files.createDirectories(peersJson.getParent());
        for (String bad : List.of("not json", "[{\"id\": \"a\"}]", "[]", "[{\"id\": \"a\", \"address\": \"nowhere\"}]")) {
            Files.writeString(peersJson, bad);
            IOException e = assertThrows(IOException.class, () -> run().start(config(0, 0)));
            assertThat(e).hasMessageContaining(peersJson.toString());
            assertThat(peersJson).exists();
        }
    }

    private static KvEntry get(RaftStore s, String key) throws Exception {
        return s.query(new KvGet(key), QueryOptions.DEFAULT.withConsistency(Consistency.STALE))
                .get(10, TimeUnit.SECONDS).value().orElseThrow(() -> new AssertionError("no key " + key));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
