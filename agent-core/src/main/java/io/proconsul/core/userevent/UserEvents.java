package io.proconsul.core.userevent;

import io.proconsul.core.agent.Component;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.event.EventBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's user events (Consul's {@code agent/user_event.go}): fires them into the LAN pool, and keeps the
 * last {@value #BUFFER} received events whose filters match this agent (its node name, and the IDs and tags
 * of the services registered on it), oldest first. A {@value #REMOTE_EXEC} event is not kept: it goes to the
 * remote-exec handler, or is ignored when remote exec is disabled.
 *
 * <p>Threading: every method may be called from any thread and none blocks. Received events are ingested on
 * a bus thread; {@link #nextChange()} futures complete there. The pool and bus are used, not owned.
 */
public final class UserEvents implements Component {

    private static final Logger log = LoggerFactory.getLogger(UserEvents.class);

    /** How many events an agent keeps (Consul's {@code eventBuf}). */
    public static final int BUFFER = 256;
    /** The event {@code consul exec} fires (Consul's {@code remoteExecName}). */
    public static final String REMOTE_EXEC = "_rexec";
    /** Consul names its serf user events {@code consul:event:<name>}, so other serf users can share the pool. */
    static final String SERF_PREFIX = "consul:event:";

    private final String nodeName;
    private final EventBus bus;
    private final UserEventGossip gossip;
    private final Supplier<Map<String, NodeService>> services;
    private final Consumer<UserEvent> remoteExec;
    /** How long a fire waits at most for its own event to come back from the bus before answering. */
    private static final long OWN_EVENT_WAIT_MS = 1000;

    private final Map<String, CompletableFuture<Void>> ownFired = new ConcurrentHashMap<>();
    private final UserEvent[] ring = new UserEvent[BUFFER];
    private int next;
    private int size;
    private CompletableFuture<Void> changed = new CompletableFuture<>();
    private EventBus.Subscription subscription;

    /**
     * @param services this agent's registered services by ID, read for each event with a service filter
     * @param remoteExec runs a matching {@value #REMOTE_EXEC} event (must not block: it is called on a bus
     *     thread); null when remote exec is disabled
     */
    public UserEvents(String nodeName, EventBus bus, UserEventGossip gossip,
            Supplier<Map<String, NodeService>> services, Consumer<UserEvent> remoteExec) {
        this.nodeName = nodeName;
        this.bus = bus;
        this.gossip = gossip;
        this.services = services;
        this.remoteExec = remoteExec;
    }

    @Override
    public String name() {
        return "user-events";
    }

    @Override
    public synchronized void start() {
        subscription = bus.subscribe(GossipUserEvent.class, this::receive);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /**
     * Fires {@code request} (name, payload and filters): checks it as Consul's {@code validateUserEventParams}
     * does, gives it a fresh ID and version {@value UserEvent#MAX_VERSION}, and broadcasts it. Completes with
     * the event as fired ({@code LTime} 0); exceptionally with an {@link IllegalArgumentException} carrying
     * Consul's text for a bad request, or with the pool's error (size limit, not running).
     */
    public CompletableFuture<UserEvent> fire(UserEvent request) {
        try {
            validate(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        UserEvent event = request.withIdentity(UUID.randomUUID().toString(), UserEvent.MAX_VERSION);
        CompletableFuture<Void> seenHere = new CompletableFuture<>();
        ownFired.put(event.id(), seenHere);
        // The answer waits until this agent took its own event in (or a bounded moment for a busy bus), so a
        // list right after the fire on the same agent shows it.
        return gossip.userEvent(SERF_PREFIX + event.name(), UserEventCodec.encode(event), false)
                .thenCompose(v -> seenHere.completeOnTimeout(null, OWN_EVENT_WAIT_MS, TimeUnit.MILLISECONDS))
                .whenComplete((v, e) -> ownFired.remove(event.id()))
                .thenApply(v -> event);
    }

    static void validate(UserEvent e) {
        if (e.name().isEmpty()) {
            throw new IllegalArgumentException("User event missing name");
        }
        if (!e.tagFilter().isEmpty() && e.serviceFilter().isEmpty()) {
            throw new IllegalArgumentException("Cannot provide tag filter without service filter");
        }
        compile(e.nodeFilter(), "Invalid node filter: ");
        compile(e.serviceFilter(), "Invalid service filter: ");
        compile(e.tagFilter(), "Invalid tag filter: ");
    }

    private static Pattern compile(String regex, String errorPrefix) {
        try {
            return regex.isEmpty() ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(errorPrefix + e.getDescription());
        }
    }

    /** The events kept, oldest first. */
    public synchronized List<UserEvent> list() {
        List<UserEvent> out = new ArrayList<>(size);
        int start = size < BUFFER ? 0 : next;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % BUFFER]);
        }
        return out;
    }

    /**
     * The index of a listing as Consul's {@code EventList} sets it: from the last event's ID, or 1 for none
     * (never 0, which would make a watch spin).
     */
    public static long index(List<UserEvent> events) {
        return events.isEmpty() ? 1 : UserEvent.index(events.get(events.size() - 1).id());
    }

    /** Completes when the next event is kept. Callers must not complete it themselves. */
    public synchronized CompletableFuture<Void> nextChange() {
        return changed;
    }

    /** Takes one gossip event: Consul's {@code handleEvents}, {@code shouldProcessUserEvent}, ingest. */
    void receive(GossipUserEvent g) {
        if (!"lan".equals(g.pool()) || !g.name().startsWith(SERF_PREFIX)) {
            return;
        }
        UserEvent e;
        try {
            e = UserEventCodec.decode(g.payload(), g.ltime());
        } catch (IOException ex) {
            log.error("Failed to decode event: {}", ex.getMessage());
            return;
        }
        CompletableFuture<Void> fired = ownFired.remove(e.id());
        try {
            accept(e);
        } finally {
            if (fired != null) {
                fired.complete(null);
            }
        }
    }

    private void accept(UserEvent e) {
        if (e.version() > UserEvent.MAX_VERSION) {
            log.warn("Event version may have unsupported features: version={} event={}", e.version(), e.name());
        }
        if (!matches(e)) {
            return;
        }
        ingest(e);
    }

    private void ingest(UserEvent e) {
        if (REMOTE_EXEC.equals(e.name())) {
            if (remoteExec == null) {
                log.info("ignoring remote exec event, disabled: event_id={}", e.id());
            } else {
                remoteExec.accept(e);
            }
            return;
        }
        log.debug("new event: event_name={} event_id={}", e.name(), e.id());
        CompletableFuture<Void> done;
        synchronized (this) {
            ring[next] = e;
            next = (next + 1) % BUFFER;
            size = Math.min(size + 1, BUFFER);
            done = changed;
            changed = new CompletableFuture<>();
        }
        done.complete(null);
    }

    /**
     * Whether this agent should process {@code e}: Go's {@code MatchString} finds a match anywhere, as
     * {@link java.util.regex.Matcher#find} does. The service filter is matched against service IDs, the
     * keys of Consul's local state, as Consul does.
     */
    boolean matches(UserEvent e) {
        Pattern node;
        Pattern service;
        Pattern tag;
        try {
            node = compile(e.nodeFilter(), "");
            service = compile(e.serviceFilter(), "");
            tag = compile(e.tagFilter(), "");
        } catch (IllegalArgumentException ex) {
            log.error("Failed to parse the filters of event {}: {}", e.name(), ex.getMessage());
            return false;
        }
        if (node != null && !node.matcher(nodeName).find()) {
            return false;
        }
        if (service == null) {
            return true;
        }
        for (Map.Entry<String, NodeService> s : services.get().entrySet()) {
            if (!service.matcher(s.getKey()).find()) {
                continue;
            }
            if (tag == null) {
                return true;
            }
            List<String> tags = s.getValue().tags() == null ? List.of() : s.getValue().tags();
            if (tags.stream().anyMatch(t -> tag.matcher(t).find())) {
                return true;
            }
        }
        return false;
    }
}
