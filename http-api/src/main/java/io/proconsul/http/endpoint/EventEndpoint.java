package io.proconsul.http.endpoint;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.userevent.UserEvent;
import io.proconsul.core.userevent.UserEvents;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import io.proconsul.http.ResponseHeaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /v1/event/fire/<name>} and {@code /v1/event/list} (Consul's {@code agent/event_endpoint.go},
 * api-docs/event.mdx): fires a user event into the LAN pool and lists the events this agent kept.
 *
 * <p>A listing's {@code X-Consul-Index} is derived from its last event's ID (1 when empty), so it is not
 * monotonic: a blocking {@code ?index} waits (up to {@code ?wait}, 5 minutes by default, 10 at most) until
 * the listing's index differs from it, as Consul's does. Waiting holds no thread: it is a chain of futures
 * on {@link UserEvents#nextChange()}. Stateless; handlers run on the event loop.
 */
public final class EventEndpoint {

    private static final String FIRE = "/v1/event/fire/";

    private final UserEvents events;
    private final QueryOptionsParser options;

    public EventEndpoint(UserEvents events, QueryOptionsParser options) {
        this.events = events;
        this.options = options;
    }

    /**
     * {@code PUT /v1/event/fire/<name>}: the body is the payload, {@code ?node}, {@code ?service} and
     * {@code ?tag} the filters; answers the event as fired. A bad filter or an event over the gossip size
     * limit is a 500 with the reason, as Consul answers.
     */
    public CompletableFuture<ApiResponse> fire(ApiRequest req) {
        String name = req.path().substring(FIRE.length());
        if (name.isEmpty()) {
            return CompletableFuture.completedFuture(ApiResponse.text(HttpResponseStatus.BAD_REQUEST, "Missing name"));
        }
        options.requireReachable(options.datacenter(req));
        byte[] payload = req.contentLength() > 0 ? req.bodyBytes() : null;
        UserEvent request = UserEvent.request(name, payload, req.query().get("node"), req.query().get("service"),
                req.query().get("tag"));
        return req.onLoop(events.fire(request)).thenApply(ApiResponse::json);
    }

    /** {@code GET /v1/event/list}: the kept events, oldest first, with {@code ?name} an exact name filter. */
    public CompletableFuture<ApiResponse> list(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        String name = req.query().get("name");
        // An event index is a uint64 hash: half of them read as a negative long, and those block too.
        if (opts.minIndex() == 0) {
            return CompletableFuture.completedFuture(answer(listing(name)));
        }
        long deadline = System.nanoTime() + opts.maxWait().toNanos();
        return req.onLoop(await(name, opts.minIndex(), deadline));
    }

    private CompletableFuture<ApiResponse> await(String name, long index, long deadline) {
        // Taken before reading, so an event kept between the read and the wait is not missed.
        CompletableFuture<Void> next = events.nextChange();
        List<UserEvent> now = listing(name);
        long left = deadline - System.nanoTime();
        if (UserEvents.index(now) != index || left <= 0) {
            return CompletableFuture.completedFuture(answer(now));
        }
        return next.thenApply(v -> v).completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
                .thenCompose(v -> await(name, index, deadline));
    }

    private List<UserEvent> listing(String name) {
        List<UserEvent> all = events.list();
        return name.isEmpty() ? all : all.stream().filter(e -> e.name().equals(name)).toList();
    }

    private static ApiResponse answer(List<UserEvent> events) {
        return ApiResponse.json(events).header(ResponseHeaders.INDEX, Long.toUnsignedString(UserEvents.index(events)));
    }
}
