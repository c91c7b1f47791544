package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.Poll;
import io.proconsul.raft.RaftStore;
import io.proconsul.raft.rpc.RpcFrames;
import io.proconsul.raft.rpc.RpcServer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade: a follower forwards its writes to the leader's client RPC listener
 * ({@link RpcFrames#WRITE_INDEXED}) only if the leader advertises that it takes them (gossip tag
 * {@link RpcServer#VERSION_TAG}); a leader of an older build (no tag) closes the connection on that frame,
 * so its followers must keep to the Ratis path. The leader's listener is reached through a {@link Relay}
 * that counts the frames sent to it and, while it plays the older build, closes the connection on a
 * {@code WRITE_INDEXED} as such a listener does: then every forwarded write would fail with "No cluster
 * leader" if the follower sent it there.
 */
class ForwardedWritePathIT {

    private static final int WRITES = 5;

    @TempDir
    Path dir;

    private TestServers servers;
    private Relay relay;

    @AfterEach
    void stop() throws IOException {
        if (relay != null) {
            relay.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aFollowerSendsWritesOverClientRpcOnlyToALeaderThatAdvertisesIt() throws Exception {
        servers = TestServers.start(dir, 3);
        for (RaftStore s : servers.stores) {
            Poll.until(Duration.ofSeconds(20), () -> {
                assertThat(s.peers()).hasSize(3);
                assertThat(s.leader()).isPresent();
            });
        }
        RaftStore leader = servers.leader();
        RaftStore follower = servers.follower();
        relay = new Relay(leader.clientRpcPort());

        // The leader of an older build: its listener is known, its version is not advertised.
        relay.olderBuild = true;
        announceLeader(follower, leader, "old", false);
        writeAll(follower, "upgrade/old");
        assertThat(relay.frames(RpcFrames.WRITE_INDEXED)).as("writes sent to the older listener").isZero();

        // Upgraded: the leader now advertises the version that takes WRITE_INDEXED. Tried again, with whoever
        // leads then, only if leadership moved meanwhile (the writes then went to another server's listener).
        relay.olderBuild = false;
        for (int attempt = 1; ; attempt++) {
            RaftStore now = Poll.result(Duration.ofSeconds(10), servers::leader);
            RaftStore via = servers.stores.stream().filter(s -> s != now).findFirst().orElseThrow();
            relay.targetPort = now.clientRpcPort();
            int before = relay.frames(RpcFrames.WRITE_INDEXED);
            announceLeader(via, now, "new" + attempt, true);
            writeAll(via, "upgrade/new" + attempt);
            int sent = relay.frames(RpcFrames.WRITE_INDEXED) - before;
            if (sent > 0 || attempt == 3) {
                assertThat(sent).as("writes sent over the client RPC").isPositive();
                break;
            }
            assertThat(now.raftStats().get("state")).as("no write over the client RPC though the leader stayed")
                    .isNotEqualTo("Leader");
        }
    }

    /**
     * Tells {@code follower}, as its LAN pool would, that the leader's listener is the relay, with the
     * version tag or without it; waits until the follower took the news in (the node name, which changes
     * with each announcement, shows in its Raft configuration).
     */
    private void announceLeader(RaftStore follower, RaftStore leader, String build, boolean advertisesVersion) {
        int i = servers.stores.indexOf(leader);
        AgentConfig c = servers.configs.get(i);
        Map<String, String> tags = new HashMap<>(servers.member(i, "dc1").tags());
        tags.put(RpcServer.GOSSIP_TAG, String.valueOf(relay.port()));
        tags.remove(RpcServer.VERSION_TAG);
        if (advertisesVersion) {
            tags.put(RpcServer.VERSION_TAG, String.valueOf(RpcServer.VERSION));
        }
        String name = c.nodeName() + "-" + build;
        Member m = new Member(name, "127.0.0.1", 8301, tags, MemberStatus.ALIVE, null);
        servers.bus(servers.stores.indexOf(follower)).publish(new MemberEvent(MemberEvent.Type.UPDATE, m, "lan"));
        Poll.until(Duration.ofSeconds(10), () -> {
            List<RaftServer> known = follower.raftConfiguration(QueryOptions.DEFAULT).join()
                    .servers();
            assertThat(known).anySatisfy(s -> assertThat(s.node()).isEqualTo(name));
        });
    }

    /** Writes {@link #WRITES} keys through {@code follower}, each acknowledged, then reads them back. */
    private static void writeAll(RaftStore follower, String prefix) throws Exception {
        for (int i = 0; i < WRITES; i++) {
            byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(follower.apply(new KvApply(KvOp.set(prefix + i, value, 0))).get(10, TimeUnit.SECONDS))
                    .as("write %d through the follower", i).isTrue();
        }
        for (int i = 0; i < WRITES; i++) {
            Optional<KvEntry> read = follower.query(new KvGet(prefix + i), QueryOptions.DEFAULT)
                    .get(10, TimeUnit.SECONDS).value();
            assertThat(read).as("read of write %d", i).isPresent();
        }
    }

    /**
     * A TCP relay on loopback in front of a client RPC listener: counts the {@link RpcFrames} the client
     * side sends, by kind, and while {@link #olderBuild} closes the connection on a
     * {@link RpcFrames#WRITE_INDEXED}, as a listener that does not know that kind does.
     */
    private static final class Relay implements AutoCloseable {

        private final ServerSocket socket;
        /** Where connections accepted from now on go. */
        volatile int targetPort;
        private final Map<Byte, AtomicInteger> frames = new ConcurrentHashMap<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        volatile boolean olderBuild;

        Relay(int targetPort) throws IOException {
            this.targetPort = targetPort;
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        int frames(byte kind) {
            AtomicInteger n = frames.get(kind);
            return n == null ? 0 : n.get();
        }

        private static void daemon(Runnable task) {
            Thread t = new Thread(task, "relay");
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket in = socket.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(in);
                    open.add(out);
                    daemon(() -> relayFrames(in, out));
                    daemon(() -> copy(out, in));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relayFrames(Socket in, Socket out) {
            try (in; out) {
                DataInputStream r = new DataInputStream(in.getInputStream());
                DataOutputStream w = new DataOutputStream(out.getOutputStream());
                while (true) {
                    int length = r.readInt();
                    byte[] frame = new byte[length];
                    r.readFully(frame);
                    byte kind = frame[Long.BYTES]; // after the request id
                    frames.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                    if (olderBuild && kind == RpcFrames.WRITE_INDEXED) {
                        return; // closes both sides, as the older listener's decoder does
                    }
                    w.writeInt(length);
                    w.write(frame);
                    w.flush();
                }
            } catch (IOException e) {
                // Either side closed: the connection is over, closing the other side ends it there too.
            }
        }

        private static void copy(Socket from, Socket to) {
            try (from; to; InputStream r = from.getInputStream(); OutputStream w = to.getOutputStream()) {
                r.transferTo(w);
            } catch (IOException e) {
                // Either side closed, as above.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
