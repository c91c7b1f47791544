package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.Message.PushPull;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-entropy by TCP push-pull (memberlist's {@code pushPullNode} and its server side): both ends send
 * their whole state, then each merges the other's, if the delegate admits it. A join is a push-pull with
 * each given address. Runs on the gossip thread except for name resolution and the network wait.
 */
final class StateSync {

    private static final Logger log = LoggerFactory.getLogger(StateSync.class);

    private final Memberlist ml;
    private final NodeTable table;
    private final Transport transport;
    private final PacketCounters counters;

    StateSync(Memberlist ml, NodeTable table, Transport transport, PacketCounters counters) {
        this.ml = ml;
        this.table = table;
        this.transport = transport;
        this.counters = counters;
    }

    CompletableFuture<Integer> join(List<String> addresses, int defaultPort) {
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        for (String a : addresses) {
            attempts.add(joinOne(a, defaultPort));
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> errors = new ArrayList<>();
            int ok = 0;
            for (CompletableFuture<String> f : attempts) {
                String error = f.join();
                if (error == null) {
                    ok++;
                } else {
                    errors.add(error);
                }
            }
            if (ok == 0 && !errors.isEmpty()) {
                throw new CompletionException(new JoinFailure(errors));
            }
            return ok;
        });
    }

    /** Completes with null on success, or with the error line for this address. */
    private CompletableFuture<String> joinOne(String address, int defaultPort) {
        return CompletableFuture.supplyAsync(() -> resolve(address, defaultPort)).handle((to, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                return CompletableFuture.completedFuture("Failed to resolve " + address + ": " + c.getMessage());
            }
            String shown = hostPort(to);
            return pushPull(to, true).handle((v, err) -> err == null ? null : JoinFailure.describe(shown, err));
        }).thenCompose(f -> f);
    }

    static InetSocketAddress resolve(String address, int defaultPort) {
        String host = address.trim();
        int port = defaultPort;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0 && close + 1 < host.length() && host.charAt(close + 1) == ':') {
                port = Integer.parseInt(host.substring(close + 2));
            }
            host = host.substring(1, Math.max(1, close));
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CompletionException(new UnknownHostException("lookup " + host + ": no such host"));
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** One exchange with {@code to}: completes once the remote state was merged. */
    CompletableFuture<Void> pushPull(InetSocketAddress to, boolean join) {
        return CompletableFuture.supplyAsync(() -> WireCodec.encode(localState(join)), gossipThread())
                .thenCompose(frame -> transport.request(to, frame, ml.timing().tcpTimeout()))
                .thenApplyAsync(answer -> {
                    PushPull remote = decode(answer);
                    String refusal = merge(remote);
                    if (refusal != null) {
                        throw new MergeRefusedException(refusal);
                    }
                    return null;
                }, gossipThread());
    }

    private java.util.concurrent.Executor gossipThread() {
        return task -> ml.schedule(task, java.time.Duration.ZERO);
    }

    private PushPull decode(byte[] answer) {
        try {
            if (WireCodec.decode(answer, WireCodec.MAX_FRAME) instanceof PushPull pp) {
                return pp;
            }
            throw new CompletionException(new IOException("unexpected answer to a push/pull"));
        } catch (MalformedPacketException e) {
            counters.refused(e);
            throw new CompletionException(new IOException("malformed push/pull answer: " + e.getMessage()));
        }
    }

    /** The server side: answers with our state, then merges the remote's. On the gossip thread. */
    byte[] answer(PushPull remote, InetSocketAddress from) {
        byte[] ours = WireCodec.encode(localState(remote.join()));
        String refusal = merge(remote);
        if (refusal != null) {
            log.error("memberlist: failed push/pull merge: {} from={}", refusal, from);
        }
        return ours;
    }

    private PushPull localState(boolean join) {
        return new PushPull(join, table.infos(), ml.delegate().localState(join));
    }

    private String merge(PushPull remote) {
        String refusal = ml.delegate().refuseMerge(remote.nodes());
        if (refusal != null) {
            return refusal;
        }
        table.merge(remote.nodes());
        ml.delegate().mergeRemoteState(remote.userState(), remote.join());
        return null;
    }
}
