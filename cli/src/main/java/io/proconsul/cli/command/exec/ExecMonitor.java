package io.proconsul.cli.command.exec;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.client.KvClient;
import io.proconsul.core.model.KvEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Consul's {@code waitForJob} and {@code streamResults}: watches {@code <prefix>/<session>/} with blocking key
 * listings and prints each node's acknowledgement (verbose only), output ("    node: line"), heartbeats
 * (verbose only) and exit code ("==> node: finished with exit code N"), until nothing was heard for the quiet
 * wait (twice that while an acknowledged node has not finished), then the tally. Keys new in one listing are
 * taken acks first, then output, then exits, so a node's last output is printed before its exit line.
 *
 * <p>Single-threaded; used once.
 */
final class ExecMonitor {

    private static final String ACK = "/ack";
    private static final String EXIT = "/exit";
    private static final String OUT = "/out/";

    private final ConsulHttpClient http;
    private final KvClient kv;
    private final String dir;
    private final Duration wait;
    private final boolean verbose;
    private final Consumer<String> out;
    private final Consumer<String> err;
    private final Set<String> seen = new HashSet<>();
    private int acks;
    private int exits;
    private int bad;

    ExecMonitor(ConsulHttpClient http, String dir, Duration wait, boolean verbose, Consumer<String> out,
            Consumer<String> err) {
        this.http = http;
        this.kv = new KvClient(http);
        this.dir = dir;
        this.wait = wait;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
    }

    /** Watches until the quiet period ends: 0 when every acknowledged node exited 0, 2 otherwise, 1 on error. */
    int run() {
        long start = System.nanoTime();
        long index = 0;
        long quietEnd = System.nanoTime() + quietWait().toNanos();
        while (true) {
            long left = quietEnd - System.nanoTime();
            if (left <= 0) {
                break;
            }
            ConsulHttpClient.Response r;
            try {
                r = http.get("/v1/kv/" + dir, Map.of("keys", "", "index", Long.toUnsignedString(index),
                        "wait", Math.max(1, Math.min(left, wait.toNanos()) / 1_000_000) + "ms"));
                if (r.status() != 200 && r.status() != 404) {
                    throw ConsulApiException.unexpectedStatus(r.status(), r.text());
                }
            } catch (ConsulApiException e) {
                err.accept("Failed to read results: " + e.getMessage());
                return 1;
            }
            if (r.index() == index) {
                continue;
            }
            index = r.index();
            if (handle(keys(r))) {
                quietEnd = System.nanoTime() + quietWait().toNanos();
            }
        }
        out.accept(exits + " / " + acks + " node(s) completed / acknowledged");
        if (verbose) {
            out.accept(String.format("Completed in %.2f seconds", (System.nanoTime() - start) / 1e9));
        }
        if (exits < acks) {
            bad++;
        }
        return bad > 0 ? 2 : 0;
    }

    private Duration quietWait() {
        return acks > exits ? wait.multipliedBy(2) : wait;
    }

    private List<String> keys(ConsulHttpClient.Response r) {
        if (r.status() != 200) {
            return List.of();
        }
        try {
            return http.json().readValue(r.body(), new TypeReference<List<String>>() {});
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** Takes the keys not seen before; whether any of them was news from a node. */
    private boolean handle(List<String> keys) {
        List<String> acked = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> exited = new ArrayList<>();
        for (String full : keys) {
            if (!seen.add(full)) {
                continue;
            }
            String key = full.startsWith(dir) ? full.substring(dir.length()) : full;
            if (key.equals("job")) {
                continue;
            } else if (key.endsWith(ACK)) {
                acked.add(key.substring(0, key.length() - ACK.length()));
            } else if (key.endsWith(EXIT)) {
                exited.add(full);
            } else if (key.lastIndexOf(OUT) >= 0) {
                outputs.add(full);
            } else {
                err.accept("Unknown key '" + key + "', ignoring.");
            }
        }
        for (String node : acked) {
            acks++;
            if (verbose) {
                out.accept(targeted(true, node, "acknowledged"));
            }
        }
        outputs.forEach(this::output);
        exited.forEach(this::exit);
        return !acked.isEmpty() || !outputs.isEmpty() || !exited.isEmpty();
    }

    private void output(String full) {
        Optional<KvEntry> pair = read(full);
        if (pair.isEmpty()) {
            return;
        }
        String key = full.substring(dir.length());
        String node = key.substring(0, key.lastIndexOf(OUT));
        byte[] value = pair.get().value();
        if (value == null || value.length == 0) {
            if (verbose) {
                out.accept(targeted(true, node, "heartbeat received"));
            }
        } else {
            out.accept(targeted(false, node, new String(value, StandardCharsets.UTF_8)));
        }
    }

    private void exit(String full) {
        Optional<KvEntry> pair = read(full);
        if (pair.isEmpty()) {
            return;
        }
        String key = full.substring(dir.length());
        String node = key.substring(0, key.length() - EXIT.length());
        String text = pair.get().value() == null ? "" : new String(pair.get().value(), StandardCharsets.UTF_8);
        int code;
        try {
            code = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            err.accept("Failed to parse exit code '" + text + "': strconv.ParseInt: parsing " + goQuote(text)
                    + ": invalid syntax");
            return;
        }
        exits++;
        if (code != 0) {
            bad++;
        }
        out.accept(targeted(true, node, "finished with exit code " + code));
    }

    private Optional<KvEntry> read(String full) {
        try {
            Optional<KvEntry> pair = kv.get(full);
            if (pair.isEmpty()) {
                err.accept("Failed to read key '" + full + "': <nil>");
            }
            return pair;
        } catch (ConsulApiException e) {
            err.accept("Failed to read key '" + full + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Consul's {@code TargetedUI.prefixLines}: every line prefixed, trailing white space trimmed. */
    static String targeted(boolean arrow, String node, String message) {
        String prefix = arrow ? "==>" : "   ";
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            sb.append(prefix).append(' ').append(node).append(": ").append(line).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
