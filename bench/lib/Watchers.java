import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking-query fan-out: N clients wait on {@code GET /v1/health/service/<svc>?index=X}; one check of that
 * service flips; each watcher's time from the flip to its answer is recorded. Before the flip a different
 * service is changed, and any watcher that answers then is counted as a spurious wake (Consul wakes every
 * service watcher on any catalog change, #1244).
 *
 * <p>Run with the JDK's source launcher: {@code java bench/lib/Watchers.java <http base> <agent pid> <watchers>
 * <trials>}. Prints one {@code TRIAL} line per trial and a {@code RESULT} line; exit 1 if any watcher failed.
 */
public final class Watchers {

    private static final String SERVICE = "watched";
    private static final String OTHER = "unrelated";

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long agentPid = Long.parseLong(args[1]);
        int watchers = Integer.parseInt(args[2]);
        int trials = Integer.parseInt(args[3]);
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
        for (int t = 1; t <= trials; t++) {
            long index = index(http, base);
            ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
            AtomicInteger failed = new AtomicInteger();
            AtomicLong flipAt = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger early = new AtomicInteger();
            List<CompletableFuture<?>> pending = new ArrayList<>(watchers);
            for (int w = 0; w < watchers; w++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/health/service/" + SERVICE
                        + "?index=" + index + "&wait=120s")).timeout(Duration.ofSeconds(180)).build();
                pending.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    long now = System.nanoTime();
                    if (e != null || r.statusCode() != 200) {
                        failed.incrementAndGet();
                    } else if (now < flipAt.get()) {
                        early.incrementAndGet();
                    } else {
                        done.add(now);
                    }
                }));
            }
            // Let every request reach the agent and park, then change another service: no watcher should wake.
            Thread.sleep(Math.max(3000, watchers));
            register(http, base, OTHER, "node-other", "10.2.0.1", t % 2 == 0 ? "passing" : "warning");
            Thread.sleep(1000);
            long rss = rssKb(agentPid);
            maxRssKb = Math.max(maxRssKb, rss);
            int spurious = early.get();
            flipAt.set(System.nanoTime());
            long flip = flipAt.get();
            register(http, base, SERVICE, "node-0", "10.1.0.1", t % 2 == 0 ? "passing" : "critical");
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(x -> null).join();
            long[] ms = done.stream().mapToLong(n -> (n - flip) / 1_000_000).sorted().toArray();
            for (long m : ms) {
                all.add(m);
            }
            failures += failed.get();
            spuriousTotal += spurious;
            System.out.printf("TRIAL %d watchers=%d answered=%d failed=%d spurious=%d p50=%d p99=%d max=%d "
                    + "rss_waiting_kb=%d%n", t, watchers, ms.length, failed.get(), spurious, pct(ms, 50), pct(ms, 99),
                    ms.length == 0 ? -1 : ms[ms.length - 1], rss);
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
}
