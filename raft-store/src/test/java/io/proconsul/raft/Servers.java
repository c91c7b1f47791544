package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real servers for the multi-server ITs, each on its own bus; gossip is played by the test, which
 * publishes the member events the LAN pool would publish on every bus. Closes everything it started.
 */
final class Servers implements AutoCloseable {

    final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();

    RaftStore start(AgentConfig config) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        RaftStore s = new RaftStore(config, bus);
        buses.add(bus);
        stores.add(s);
        s.start();
        return s;
    }

    /**
     * Closes the server at {@code index} (if still running) and starts a new one with {@code config} in
     * its place, on a fresh bus: a restart, when {@code config} names the same data dir and port.
     */
    RaftStore restart(int index, AgentConfig config) throws Exception {
        stores.get(index).close();
        buses.get(index).close();
        InProcessEventBus bus = new InProcessEventBus();
        RaftStore s = new RaftStore(config, bus);
        buses.set(index, bus);
        stores.set(index, s);
        s.start();
        return s;
    }

    /** Tells every bus that {@code members} had a gossip event of {@code type}, with the matching status. */
    void gossip(MemberEvent.Type type, List<RaftStore> members) {
        MemberStatus status = switch (type) {
            case LEAVE, REAP -> MemberStatus.LEFT;
            case FAILED -> MemberStatus.FAILED;
            default -> MemberStatus.ALIVE;
        };
        for (RaftStore m : members) {
            String[] addr = m.self().getAddress().split(":");
            Member member = new Member(nodeName(m), addr[0], 8301,
                    Map.of("role", "consul", "dc", "dc1", "port", addr[1], "expect", "3", "id",
                            m.self().getId().toString(), "build", "1.10.0"),
                    status, null);
            buses.forEach(b -> b.publish(new MemberEvent(type, member, "lan")));
        }
    }

    /** The node name the tests give a server: its peer id with a {@code node-} prefix. */
    static String nodeName(RaftStore s) {
        return "node-" + s.self().getId();
    }

    /** The stores' leader once all of {@code among} agree on one with {@code voters} voters. */
    RaftStore awaitLeader(List<RaftStore> among, int voters) {
        Poll.until(Duration.ofSeconds(30), () -> {
            for (RaftStore s : among) {
                assertThat(s.peers()).hasSize(voters);
                assertThat(s.leader()).isPresent().isEqualTo(among.get(0).leader());
            }
        });
        String leader = among.get(0).leader().orElseThrow();
        return among.stream().filter(s -> s.self().getAddress().equals(leader)).findFirst().orElseThrow();
    }

    List<RaftStore> followers(List<RaftStore> among, RaftStore leader) {
        return among.stream().filter(s -> s != leader).toList();
    }

    /** Calls {@code call} until it returns without an exception or a failed assertion; rethrows the last. */
    static <T> T eventually(Duration timeout, java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }
}
