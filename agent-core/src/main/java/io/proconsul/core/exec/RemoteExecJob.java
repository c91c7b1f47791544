package io.proconsul.core.exec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import io.proconsul.core.userevent.UserEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote exec job, run on its own thread (Consul's {@code handleRemoteExec}): reads the job at
 * {@code <prefix>/<session>/job} (stale first, then consistent), writes {@code <prefix>/<session>/<node>/ack},
 * runs the command with stdout and stderr merged, uploads the output in chunks to {@code .../out/00000},
 * {@code .../out/00001} ... (hexadecimal, as Consul numbers them), an empty chunk as a heartbeat whenever
 * the job's wait passes without output, and finally {@code .../exit} with the exit code (255 when the job
 * could not be started or its output not written). Every key is written with the job's session as a lock
 * ({@code ?acquire}), so it is deleted when the session is destroyed.
 */
final class RemoteExecJob {

    private static final Logger log = LoggerFactory.getLogger(RemoteExecJob.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final long STORE_TIMEOUT_SECONDS = 30;
    private static final byte[] END = new byte[0];

    private final String nodeName;
    private final Store store;
    private final ScheduledExecutorService timer;
    private final UserEvent event;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private volatile Process process;
    private String prefix;
    private String session;

    RemoteExecJob(String nodeName, Store store, ScheduledExecutorService timer, UserEvent event) {
        this.nodeName = nodeName;
        this.store = store;
        this.timer = timer;
        this.event = event;
    }

    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    void run() {
        ExecSpec spec;
        try {
            JsonNode payload = JSON.readTree(event.payload() == null ? new byte[0] : event.payload());
            prefix = payload.path("Prefix").asText("");
            session = payload.path("Session").asText("");
        } catch (IOException e) {
            log.error("failed to decode remote exec event: {}", e.getMessage());
            return;
        }
        try {
            spec = spec();
            if (spec == null) {
                return;
            }
            writeKey("ack", null);
        } catch (IOException e) {
            log.error("failed to start remote exec job: {}", e.getMessage());
            return;
        }
        int exitCode = execute(spec);
        try {
            writeKey("exit", Integer.toString(exitCode).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.error("failed to write exit code for remote exec job: {}", e.getMessage());
        }
    }

    /** The job, or null (logged) when it is missing or undecodable. */
    private ExecSpec spec() throws IOException {
        String key = RemoteExecKeys.join(prefix, session, "job");
        Optional<KvEntry> entry = get(key, Consistency.STALE);
        if (entry.isEmpty()) {
            log.debug("trying consistent fetch of remote exec job spec");
            entry = get(key, Consistency.CONSISTENT);
        }
        if (entry.isEmpty()) {
            log.debug("remote exec aborted, job spec missing");
            return null;
        }
        try {
            return JSON.readValue(entry.get().value() == null ? new byte[0] : entry.get().value(), ExecSpec.class);
        } catch (IOException e) {
            log.error("failed to decode remote exec spec: {}", e.getMessage());
            return null;
        }
    }

    private Optional<KvEntry> get(String key, Consistency consistency) throws IOException {
        return await(store.query(new KvGet(key), new QueryOptions(consistency, 0, null, null, "", ""))).value();
    }

    /** Runs the job and streams its output; the exit code to report. */
    private int execute(ExecSpec spec) {
        Path script = null;
        try {
            List<String> argv;
            if (spec.args().isEmpty()) {
                String command = spec.command();
                if (spec.script().length > 0) {
                    script = Files.createTempFile("rexec", "");
                    Files.write(script, spec.script());
                    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
                    command = script.toString();
                }
                log.info("remote exec '{}'", command);
                argv = shell(command);
            } else {
                argv = spec.args();
                log.info("remote exec '{}'", String.join(" ", argv));
            }
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            return stream(process, spec.waitNanos());
        } catch (IOException e) {
            log.debug("failed to start remote exec: {}", e.getMessage());
            return 255;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return 255;
        } finally {
            deleteQuietly(script);
        }
    }

    /** Consul's {@code exec.Script}: {@code $SHELL -c}, {@code /bin/sh} without one. */
    private static List<String> shell(String command) {
        String sh = System.getenv("SHELL");
        List<String> argv = new ArrayList<>();
        argv.add(sh == null || sh.isEmpty() ? "/bin/sh" : sh);
        argv.add("-c");
        argv.add(command);
        return argv;
    }

    private int stream(Process p, long waitNanos) throws InterruptedException {
        OutputChunker chunker = new OutputChunker(chunks::add, timer);
        Thread reader = new Thread(() -> pump(p.getInputStream(), chunker), Thread.currentThread().getName() + "-out");
        reader.setDaemon(true);
        reader.start();
        long heartbeat = waitNanos > 0 ? waitNanos : TimeUnit.SECONDS.toNanos(2);
        for (int num = 0; ; num++) {
            byte[] chunk = chunks.poll(heartbeat, TimeUnit.NANOSECONDS);
            if (chunk == END) {
                break;
            }
            try {
                writeKey(RemoteExecKeys.join("out", String.format("%05x", num)), chunk);
            } catch (IOException e) {
                log.error("failed to write output for remote exec job: {}", e.getMessage());
                kill();
                return 255;
            }
        }
        return p.waitFor();
    }

    private void pump(InputStream in, OutputChunker chunker) {
        byte[] buf = new byte[OutputChunker.CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                chunker.write(buf, 0, n);
            }
        } catch (IOException e) {
            log.debug("remote exec output ended: {}", e.getMessage());
        } finally {
            chunker.flush();
            chunks.add(END);
        }
    }

    /** A lock write of {@code <prefix>/<session>/<node>/<suffix>} with the job's session (Consul's KVLock). */
    private void writeKey(String suffix, byte[] value) throws IOException {
        String key = RemoteExecKeys.join(prefix, session, nodeName, suffix);
        boolean ok = await(store.apply(new KvApply(new KvOp(KvVerb.LOCK, key, value, 0, 0, session))));
        if (!ok) {
            throw new IOException("write failed");
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws IOException {
        try {
            return f.get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() == null ? e.toString() : e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("timed out after " + STORE_TIMEOUT_SECONDS + " s");
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", p, e.getMessage());
        }
    }
}
