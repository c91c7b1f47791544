package io.proconsul.core.exec;

import io.proconsul.core.agent.Component;
import io.proconsul.core.store.Store;
import io.proconsul.core.userevent.UserEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the remote exec jobs addressed to this agent (Consul's {@code handleRemoteExec}): each matching
 * {@code _rexec} event starts a {@link RemoteExecJob} on a thread of its own (it waits on a child process and
 * on store writes), as Consul starts a goroutine. Only built when {@code disable_remote_exec} is false.
 *
 * <p>{@link #accept} never blocks and may be called from any thread. {@link #close()} kills the processes of
 * jobs still running; their exit codes are still reported if the store is up.
 */
public final class RemoteExec implements Component, Consumer<UserEvent> {

    private static final Logger log = LoggerFactory.getLogger(RemoteExec.class);

    private final String nodeName;
    private final Store store;
    private final Set<RemoteExecJob> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;
    private volatile boolean closed;

    public RemoteExec(String nodeName, Store store) {
        this.nodeName = nodeName;
        this.store = store;
    }

    @Override
    public String name() {
        return "remote-exec";
    }

    @Override
    public synchronized void start() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "rexec-output-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = t;
    }

    @Override
    public void accept(UserEvent event) {
        ScheduledExecutorService t = timer;
        if (closed || t == null) {
            return;
        }
        log.debug("received remote exec event: id={}", event.id());
        RemoteExecJob job = new RemoteExecJob(nodeName, store, t, event);
        running.add(job);
        Thread th = new Thread(() -> {
            try {
                job.run();
            } finally {
                running.remove(job);
            }
        }, "rexec-" + event.id());
        th.setDaemon(true);
        th.start();
    }

    @Override
    public synchronized void close() {
        closed = true;
        running.forEach(RemoteExecJob::kill);
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
