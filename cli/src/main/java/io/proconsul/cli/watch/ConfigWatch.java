package io.proconsul.cli.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code watches} entry of the agent configuration, checked as Consul's agent checks it
 * ({@code reloadWatches} and {@code makeWatchPlan}): a known {@code handler_type} ({@code script}, the
 * default, or {@code http}), no {@code connect_*} type, a parsable spec, and exactly one handler: the
 * deprecated {@code handler} string (run through the shell), {@code args} (run directly) or the HTTP
 * endpoint.
 *
 * @param spec the parsed watch
 * @param handler what runs for each result
 */
record ConfigWatch(WatchSpec spec, WatchPlan.Handler handler) {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConfigWatch.class);

    /** Checks {@code params}; the errors are Consul's texts. */
    static ConfigWatch parse(Map<String, Object> input) throws WatchSpec.InvalidException {
        Map<String, Object> params = new HashMap<>(input);
        Object handlerType = params.get("handler_type");
        if (handlerType == null) {
            params.put("handler_type", "script");
        } else if (!"http".equals(handlerType) && !"script".equals(handlerType)) {
            throw new WatchSpec.InvalidException("Handler type '" + handlerType + "' not recognized");
        }
        if (params.get("type") instanceof String type && type.startsWith("connect_")) {
            throw new WatchSpec.InvalidException("Watch type " + type + " is not allowed in agent config");
        }
        WatchSpec spec;
        try {
            spec = WatchSpec.parseInPlace(params, List.of("handler", "args"));
        } catch (WatchSpec.InvalidException e) {
            throw new WatchSpec.InvalidException("Failed to parse watch (" + ConfigWatches.goSyntax(params) + "): "
                    + e.getMessage());
        }
        if (spec.query() == null) {
            throw new WatchSpec.InvalidException("Watch type " + spec.type() + " is not supported by this agent");
        }
        return new ConfigWatch(spec, handler(spec));
    }

    private static WatchPlan.Handler handler(WatchSpec spec) throws WatchSpec.InvalidException {
        boolean hasHandler = spec.exempt().containsKey("handler");
        boolean hasArgs = spec.exempt().containsKey("args");
        boolean http = spec.handlerType().equals("http");
        Object handler = spec.exempt().get("handler");
        if (hasHandler) {
            log.warn("The 'handler' field in watches has been deprecated and replaced with the 'args' field. "
                    + "See https://www.consul.io/docs/agent/watches.html");
        }
        if (hasHandler && !(handler instanceof String)) {
            throw new WatchSpec.InvalidException("Watch handler must be a string");
        }
        List<String> args = hasArgs ? args(spec.exempt().get("args")) : List.of();
        if ((hasHandler && hasArgs) || (hasHandler && http) || (hasArgs && http)) {
            throw new WatchSpec.InvalidException("Only one watch handler allowed");
        }
        if (!hasHandler && !hasArgs && !http) {
            throw new WatchSpec.InvalidException("Must define a watch handler");
        }
        if (http) {
            return WatchHandlers.http((HttpHandlerConfig) spec.exempt().get("http_handler_config"));
        }
        if (hasHandler) {
            return WatchHandlers.script(HandlerProcess.script((String) handler, System.getenv()), handler);
        }
        return WatchHandlers.script(HandlerProcess.subprocess(args), args);
    }

    private static List<String> args(Object raw) throws WatchSpec.InvalidException {
        if (!(raw instanceof List<?> list)) {
            throw new WatchSpec.InvalidException("Watch args must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new WatchSpec.InvalidException("Watch args must be a list of strings");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw new WatchSpec.InvalidException("Watch args must be a list of strings");
        }
        return out;
    }
}
