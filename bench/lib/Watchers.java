import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Blocking-query fan-out: N clients wait on {@code GET /v1/health/service/<svc>?index=X}; one check of that
 * service flips; each watcher's time from the flip to its answer is recorded. Before the flip a different
 * service is changed, and any watcher that answers then is counted as a spurious wake (Consul wakes every
 * service watcher on any catalog change, #1244).
 *
 * <p>The watchers are raw HTTP/1.1 connections on one selector ({@link Fanout}); registrations use java.net.http.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/lib/Watchers.java <http base> <agent pid> <watchers>
 * <trials> [warm-up trials, default 1]}; warm-up trials (JIT) are printed but not counted. Prints one
 * {@code TRIAL} line per trial and a {@code RESULT} line; exit 1 if any watcher failed.
 */
public final class Watchers {

    private static final String SERVICE = "watched";
    private static final String OTHER = "unrelated";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long agentPid = Long.parseLong(args[1]);
        int watchers = Integer.parseInt(args[2]);
        int trials = Integer.parseInt(args[3]);
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 20; i++) {
            register(http, base, SERVICE, "node-" + i, "10.1.0." + (i + 1), "passing");
        }
        register(http, base, OTHER, "node-other", "10.2.0.1", "passing");
        List<Long> all = new ArrayList<>();
        int failures = 0;
        int spuriousTotal = 0;
        long maxRssKb = 0;
        URI uri = URI.create(base);
        for (int t = 1 - warmups; t <= trials; t++) {
            long index = index(http, base);
            Fanout fan = new Fanout(new InetSocketAddress(uri.getHost(), uri.getPort()), watchers,
                    "GET /v1/health/service/" + SERVICE + "?index=" + index + "&wait=120s HTTP/1.1\r\nHost: "
                            + uri.getHost() + "\r\nConnection: close\r\n\r\n");
            fan.connectAndSend();
            // Let every request reach the agent and park, then change another service: no watcher should wake.
            fan.pump(Math.max(3000, watchers));
            register(http, base, OTHER, "node-other", "10.2.0.1", (t & 1) == 0 ? "warning" : "passing");
            fan.pump(1000);
            long rss = rssKb(agentPid);
            maxRssKb = Math.max(maxRssKb, rss);
            int spurious = fan.answered();
            long flip = System.nanoTime();
            // Every trial changes the state (all start passing): critical, passing, critical, ...
            register(http, base, SERVICE, "node-0", "10.1.0.1", (t & 1) == 0 ? "critical" : "passing");
            fan.pumpUntilAllAnswered(180_000);
            long[] ms = fan.firstByteTimes().stream().filter(n -> n >= flip).mapToLong(n -> (n - flip) / 1_000_000)
                    .sorted().toArray();
            if (t > 0) {
                for (long m : ms) {
                    all.add(m);
                }
                spuriousTotal += spurious;
            }
            failures += fan.failed();
            System.out.printf((t > 0 ? "TRIAL " : "WARMUP ") + "%d watchers=%d answered=%d failed=%d spurious=%d p50=%d p99=%d max=%d "
                    + "rss_waiting_kb=%d%n", t, watchers, ms.length, fan.failed(), spurious, pct(ms, 50), pct(ms, 99),
                    ms.length == 0 ? -1 : ms[ms.length - 1], rss);
            fan.close();
        }
        long[] ms = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT trials=%d watchers=%d answered=%d failed=%d spurious=%d p50=%d p99=%d max=%d "
                + "max_rss_waiting_kb=%d%n", trials, watchers, ms.length, failures, spuriousTotal, pct(ms, 50),
                pct(ms, 99), ms.length == 0 ? -1 : ms[ms.length - 1], maxRssKb);
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void register(HttpClient http, String base, String service, String node, String addr,
            String status) throws IOException, InterruptedException {
        String body = "{\"Node\":\"" + node + "\",\"Address\":\"" + addr + "\",\"Service\":{\"Service\":\"" + service
                + "\",\"ID\":\"" + service + "-1\",\"Port\":8080},\"Check\":{\"CheckID\":\"" + service
                + "-check\",\"Name\":\"" + service + " check\",\"ServiceID\":\"" + service + "-1\",\"Status\":\""
                + status + "\"}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/catalog/register"))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("register " + node + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static long index(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/health/service/" + SERVICE))
                .build(), HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow());
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(Arrays.stream(line.split("\\s+")).skip(1).findFirst().orElse("0"));
            }
        }
        return -1;
    }

    /**
     * N raw HTTP/1.1 connections, one blocking request each, driven by one selector: the time of each answer's
     * first byte is recorded as it arrives, so the client adds microseconds, not the cost of a full HTTP stack.
     * An answer counts as OK when its status line is 200; the agent closes each connection after it.
     */
    static final class Fanout implements AutoCloseable {
        private final Selector selector;
        private final List<SocketChannel> channels = new ArrayList<>();
        private final InetSocketAddress target;
        private final int n;
        private final byte[] request;
        private final List<Long> firstBytes = new ArrayList<>();
        private int answered;
        private int failed;
        private int finished;

        Fanout(InetSocketAddress target, int n, String request) throws IOException {
            this.selector = Selector.open();
            this.target = target;
            this.n = n;
            this.request = request.getBytes(StandardCharsets.US_ASCII);
        }

        void connectAndSend() throws IOException {
            for (int i = 0; i < n; i++) {
                SocketChannel ch = SocketChannel.open(target);
                ch.write(ByteBuffer.wrap(request));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, new StringBuilder());
                channels.add(ch);
            }
        }

        void pump(long millis) throws IOException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < deadline) {
                selectOnce(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }

        void pumpUntilAllAnswered(long millis) throws IOException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (finished < n && System.nanoTime() < deadline) {
                selectOnce(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            failed += n - finished;
        }

        private void selectOnce(long timeoutMs) throws IOException {
            selector.select(timeoutMs);
            long now = System.nanoTime();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                StringBuilder head = (StringBuilder) key.attachment();
                buf.clear();
                int read;
                try {
                    read = ch.read(buf);
                } catch (IOException e) {
                    read = -1;
                }
                if (read > 0 && head.length() == 0) {
                    firstBytes.add(now);
                    answered++;
                }
                if (read > 0 && head.length() < 12) {
                    buf.flip();
                    while (buf.hasRemaining() && head.length() < 12) {
                        head.append((char) buf.get());
                    }
                }
                if (read < 0) {
                    key.cancel();
                    ch.close();
                    finished++;
                    if (!head.toString().startsWith("HTTP/1.1 200")) {
                        failed++;
                    }
                }
            }
            selector.selectedKeys().clear();
        }

        int answered() {
            return answered;
        }

        int failed() {
            return failed;
        }

        List<Long> firstByteTimes() {
            return firstBytes;
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel ch : channels) {
                ch.close();
            }
            selector.close();
        }
    }
}
