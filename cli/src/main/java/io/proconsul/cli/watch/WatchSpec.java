package io.proconsul.cli.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parsed watch specification, after Consul's {@code watch.Parse}/{@code ParseExempt}
 * ({@code api/watch/watch.go} and {@code funcs.go}): the generic parameters ({@code datacenter},
 * {@code token}, {@code type}, {@code handler_type}), the type's own parameters turned into a
 * {@link WatchQuery}, and the exempt ones the caller asked to keep ({@code args}, {@code handler}). Every
 * parameter must be used, or the spec is refused with "Invalid parameters: [...]", as Consul does; so
 * {@code -stale} with {@code -type=event} is an error there too.
 *
 * <p>Types {@code connect_roots}, {@code connect_leaf} and {@code agent_service} parse (Consul knows them)
 * but have no query here: {@link #query()} is null for them and the callers refuse them.
 *
 * @param exempt the exempt parameters found, plus the parsed {@link HttpHandlerConfig} under
 *     {@code http_handler_config} for an {@code http} handler
 */
public record WatchSpec(String type, String datacenter, String token, String handlerType, Map<String, Object> exempt,
        WatchQuery query) {

    /** A specification Consul would refuse; the message is Consul's. */
    public static final class InvalidException extends Exception {
        public InvalidException(String message) {
            super(message);
        }
    }

    /** {@link #parse(Map, List)} without exempt parameters, as the CLI parses. */
    public static WatchSpec parse(Map<String, Object> params) throws InvalidException {
        return parse(params, List.of());
    }

    /** Parses a copy of {@code params}; values are strings, booleans or lists, as decoded from JSON/HCL. */
    public static WatchSpec parse(Map<String, Object> input, List<String> exemptNames) throws InvalidException {
        return parseInPlace(new HashMap<>(input), exemptNames);
    }

    /**
     * As {@link #parse(Map, List)}, removing each parameter from {@code params} as it is used, as Consul's
     * parser does; so after an error {@code params} holds what was not read yet, which is what Consul's agent
     * prints in "Failed to parse watch (...)".
     */
    static WatchSpec parseInPlace(Map<String, Object> params, List<String> exemptNames) throws InvalidException {
        String datacenter = string(params, "datacenter");
        String token = string(params, "token");
        String type = string(params, "type");
        if (type.isEmpty()) {
            throw new InvalidException("Watch type must be specified");
        }
        String handlerType = string(params, "handler_type");
        Map<String, Object> exempt = new LinkedHashMap<>();
        if (handlerType.equals("http")) {
            if (!params.containsKey("http_handler_config")) {
                throw new InvalidException("Handler type 'http' requires 'http_handler_config' to be set");
            }
            // Removed only once it parsed: Consul's error names the parameters still unread, this one too.
            exempt.put("http_handler_config", HttpHandlerConfig.parse(params.get("http_handler_config")));
            params.remove("http_handler_config");
        }
        WatchQuery query = query(type, params);
        for (String name : exemptNames) {
            if (params.containsKey(name)) {
                exempt.put(name, params.remove(name));
            }
        }
        if (!params.isEmpty()) {
            throw new InvalidException("Invalid parameters: " + String.join(" ", new TreeSet<>(params.keySet()))
                    .transform(s -> "[" + s + "]"));
        }
        return new WatchSpec(type, datacenter, token, handlerType, exempt, query);
    }

    private static WatchQuery query(String type, Map<String, Object> params) throws InvalidException {
        return switch (type) {
            case "key" -> kv(params, "key", "Must specify a single key to watch", false);
            case "keyprefix" -> kv(params, "prefix", "Must specify a single prefix to watch", true);
            case "services" -> plain(params, "/v1/catalog/services", Map.of(), List.of());
            case "nodes" -> plain(params, "/v1/catalog/nodes", Map.of(), List.of());
            case "service" -> service(params);
            case "checks" -> checks(params);
            case "event" -> event(params);
            case "connect_roots" -> null;
            case "connect_leaf" -> {
                string(params, "service");
                yield null;
            }
            case "agent_service" -> {
                string(params, "service_id");
                yield null;
            }
            default -> throw new InvalidException("Unsupported watch type: " + type);
        };
    }

    private static WatchQuery kv(Map<String, Object> params, String name, String missing, boolean recurse)
            throws InvalidException {
        boolean stale = bool(params, "stale");
        String key = string(params, name);
        if (key.isEmpty()) {
            throw new InvalidException(missing);
        }
        Map<String, String> q = new TreeMap<>();
        if (recurse) {
            q.put("recurse", "");
        }
        if (stale) {
            q.put("stale", "");
        }
        return new WatchQuery(recurse ? WatchQuery.Shape.KEY_PREFIX : WatchQuery.Shape.KEY, "/v1/kv/" + key, q,
                List.of());
    }

    /** The catalog and health reads: {@code ?stale} and {@code ?filter} as given. */
    private static WatchQuery plain(Map<String, Object> params, String path, Map<String, String> extra,
            List<String> tags) throws InvalidException {
        Map<String, String> q = new TreeMap<>(extra);
        if (bool(params, "stale")) {
            q.put("stale", "");
        }
        String filter = string(params, "filter");
        if (!filter.isEmpty()) {
            q.put("filter", filter);
        }
        return new WatchQuery(WatchQuery.Shape.PLAIN, path, q, tags);
    }

    private static WatchQuery service(Map<String, Object> params) throws InvalidException {
        String service = string(params, "service");
        if (service.isEmpty()) {
            throw new InvalidException("Must specify a single service to watch");
        }
        List<String> tags = strings(params, "tag");
        boolean passingOnly = bool(params, "passingonly");
        return plain(params, "/v1/health/service/" + service, passingOnly ? Map.of("passing", "1") : Map.of(), tags);
    }

    private static WatchQuery checks(Map<String, Object> params) throws InvalidException {
        String service = string(params, "service");
        String state = string(params, "state");
        if (!service.isEmpty() && !state.isEmpty()) {
            throw new InvalidException("Cannot specify service and state");
        }
        if (service.isEmpty() && state.isEmpty()) {
            state = "any";
        }
        List<String> tags = strings(params, "tag");
        String path = state.isEmpty() ? "/v1/health/checks/" + service : "/v1/health/state/" + state;
        return plain(params, path, Map.of(), tags);
    }

    /** Events ignore {@code stale}: Consul does not consume it, so it is an invalid parameter here. */
    private static WatchQuery event(Map<String, Object> params) throws InvalidException {
        String name = string(params, "name");
        return new WatchQuery(WatchQuery.Shape.EVENTS, "/v1/event/list",
                name.isEmpty() ? Map.of() : Map.of("name", name), List.of());
    }

    /** Consul's {@code assignValue}: removes the parameter; it must be a string. */
    private static String string(Map<String, Object> params, String name) throws InvalidException {
        if (!params.containsKey(name)) {
            return "";
        }
        if (!(params.remove(name) instanceof String s)) {
            throw new InvalidException("Expecting " + name + " to be a string");
        }
        return s;
    }

    /** Consul's {@code assignValueBool}. */
    private static boolean bool(Map<String, Object> params, String name) throws InvalidException {
        if (!params.containsKey(name)) {
            return false;
        }
        if (!(params.remove(name) instanceof Boolean b)) {
            throw new InvalidException("Expecting " + name + " to be a boolean");
        }
        return b;
    }

    /** Consul's {@code assignValueStringSlice}: a string or a list of strings. */
    private static List<String> strings(Map<String, Object> params, String name) throws InvalidException {
        if (!params.containsKey(name)) {
            return List.of();
        }
        Object raw = params.remove(name);
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (!(raw instanceof List<?> list)) {
            throw new InvalidException("Expecting " + name + " to be a string or []string");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new InvalidException("Index " + i + " of " + name + " expected to be string");
            }
            out.add(s);
        }
        return out;
    }
}
