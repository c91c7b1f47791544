package io.proconsul.http.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.local.DefinitionException;
import io.proconsul.core.local.NotRegisteredException;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Request bodies and failures of the local-agent endpoints, in Consul's words: a body that is not JSON is
 * 400 {@code Request decode failed: ...}; a check that fails {@code CheckType.Validate} is 400
 * {@code Invalid check: ...}; an unknown ID is 404 with Consul's text; a refused registration (script
 * checks disabled) is 500 with Consul's text.
 */
final class AgentBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Threads for local-state changes; idle ones end, so no owner has to close it. */
    private static final ExecutorService CHANGES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent-local-change");
        t.setDaemon(true);
        return t;
    });

    /** The decoder's reasons that Consul's endpoints answer as they are. */
    private static final Set<String> PLAIN = Set.of("Missing service name",
            "Status for checks must 'passing', 'warning', 'critical'");
    /** The decoder's reasons from Consul's {@code CheckType.Validate}, which the endpoints prefix. */
    private static final Set<String> CHECK_TYPE = Set.of("Interval and TTL cannot both be specified",
            "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks",
            "TTL must be > 0 for TTL checks", "only one of args, http, tcp, grpc or ttl may be set");

    private AgentBodies() {}

    /** The body as a JSON tree; an empty body is Go's {@code EOF}. */
    static JsonNode read(ApiRequest req) {
        if (req.bodyLength() == 0) {
            throw new ApiException.BadRequest("Request decode failed: EOF");
        }
        try {
            JsonNode root = JSON.readTree(req.bodyStream());
            if (root == null || root.isMissingNode()) {
                throw new ApiException.BadRequest("Request decode failed: EOF");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getMessage());
        }
    }

    /** Decodes with {@code decoder}, mapping its failures to Consul's 400 answers. */
    static <T> T decode(Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (DefinitionException e) {
            throw badRequest(e);
        }
    }

    static ApiException.BadRequest badRequest(DefinitionException e) {
        if (PLAIN.contains(e.reason())) {
            return new ApiException.BadRequest(e.reason());
        }
        if (CHECK_TYPE.contains(e.reason()) || e.key().isEmpty() || e.key().toLowerCase().contains("check")) {
            return new ApiException.BadRequest("Invalid check: " + e.reason());
        }
        return new ApiException.BadRequest("Request decode failed: " + e.getMessage());
    }

    /**
     * Runs a local-state change off the event loop (it writes the data-dir file), answering an empty 200
     * back on the loop, or its failure as Consul does.
     */
    static CompletableFuture<ApiResponse> change(ApiRequest req, Runnable change) {
        return req.onLoop(CompletableFuture.supplyAsync(() -> {
            try {
                change.run();
                return null;
            } catch (NotRegisteredException e) {
                throw new ApiException.NotFound(e.getMessage());
            } catch (DefinitionException e) {
                throw badRequest(e);
            } catch (IllegalArgumentException e) {
                throw new ApiException.ServerError(e.getMessage());
            }
        }, CHANGES));
    }

    /** The path after {@code prefix}. */
    static String tail(ApiRequest req, String prefix) {
        return req.path().substring(prefix.length());
    }

    /**
     * Go's {@code strconv.ParseBool} of {@code ?enable}, with Consul's 400 texts when it is missing or
     * not a boolean.
     */
    static boolean enable(ApiRequest req) {
        if (!req.query().has("enable")) {
            throw new ApiException.BadRequest("Missing value for enable");
        }
        String raw = req.query().get("enable");
        return switch (raw) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ApiException.BadRequest("Invalid value for enable: \"" + raw + "\"");
        };
    }
}
