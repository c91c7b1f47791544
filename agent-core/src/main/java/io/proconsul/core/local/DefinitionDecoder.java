package io.proconsul.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.Weights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed service or check definition (the plain tree of a JSON or HCL source: maps, lists,
 * strings, booleans, longs and doubles) into a {@link ServiceDefinition} or {@link CheckDefinition}, with
 * Consul's rules: keys match case-insensitively and with or without underscores, so the config files'
 * {@code deregister_critical_service_after} and the HTTP API's {@code DeregisterCriticalServiceAfter}
 * both work, and Consul's aliases ({@code script_args}/{@code ScriptArgs} for {@code args},
 * {@code CheckID} for {@code id}) are accepted; durations are Go duration strings. A service's
 * {@code check} and {@code checks} both become its checks, each bound to the service's ID.
 *
 * <p>Validation is Consul's {@code CheckType.Validate}, with its messages, plus one rule of ours: a
 * check sets exactly one of {@code args}, {@code http}, {@code tcp}, {@code grpc} and {@code ttl} (Consul
 * silently picks one when several are set). Errors are {@link DefinitionException}s naming the key.
 *
 * <p>{@link Mode#CONFIG} is for config files: an unknown key fails ({@code invalid config key
 * service.foo}) and keys Consul knows but we do not act on become warnings. {@link Mode#API} is for HTTP
 * bodies, which Consul decodes leniently: unknown keys are skipped. Stateless and thread-safe.
 */
public final class DefinitionDecoder {

    /** How strictly keys are checked. */
    public enum Mode { CONFIG, API }

    static final String MISSING_SERVICE_NAME = "Missing service name";
    static final String BAD_STATUS = "Status for checks must 'passing', 'warning', 'critical'";
    static final String INTERVAL_AND_TTL = "Interval and TTL cannot both be specified";
    static final String INTERVAL_NEEDED =
            "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";
    static final String TTL_NEEDED = "TTL must be > 0 for TTL checks";
    static final String ONE_KIND = "only one of args, http, tcp, grpc or ttl may be set";

    private static final Set<String> SERVICE_KEYS = Set.of("kind", "id", "name", "tags", "address",
            "taggedaddresses", "meta", "port", "weights", "enabletagoverride", "check", "checks");
    private static final Set<String> SERVICE_IGNORED = Set.of("token", "socketpath", "proxy", "connect",
            "locality", "namespace", "partition");
    private static final Map<String, String> SERVICE_ALIASES = Map.of("serviceid", "id", "servicename", "name");

    private static final Set<String> CHECK_KEYS = Set.of("id", "name", "notes", "serviceid", "status", "args",
            "http", "method", "header", "body", "tlsskipverify", "tcp", "grpc", "grpcusetls", "ttl", "interval",
            "timeout", "successbeforepassing", "failuresbeforecritical", "deregistercriticalserviceafter");
    /** Consul's check keys we do not act on; the unsupported kinds land here only when left empty. */
    private static final Set<String> CHECK_IGNORED = Set.of("token", "outputmaxsize", "tlsservername",
            "disableredirects", "failuresbeforewarning", "tcpusetls", "h2pingusetls", "namespace", "partition",
            "type", "definition", "dockercontainerid", "shell", "aliasnode", "aliasservice", "h2ping", "udp",
            "osservice");
    private static final Set<String> CHECK_UNSUPPORTED_KINDS = Set.of("dockercontainerid", "shell", "aliasnode",
            "aliasservice", "h2ping", "udp", "osservice");
    private static final Map<String, String> CHECK_ALIASES = Map.of("checkid", "id", "scriptargs", "args");

    private DefinitionDecoder() {}

    /** Decodes the body of {@code PUT /v1/agent/service/register}. */
    public static ServiceDefinition serviceFromJson(JsonNode body) {
        return service(asTree(body), "", Mode.API, new ArrayList<>());
    }

    /** Decodes the body of {@code PUT /v1/agent/check/register}. */
    public static CheckDefinition checkFromJson(JsonNode body) {
        return check(asTree(body), "", Mode.API, new ArrayList<>(), "");
    }

    /**
     * Decodes one service.
     *
     * @param path where the object sits, for messages ({@code services[0]}); {@code ""} at the top
     * @param warnings receives one line per ignored key in {@link Mode#CONFIG}
     */
    public static ServiceDefinition service(Map<String, Object> tree, String path, Mode mode,
            List<String> warnings) {
        DefinitionFields f = new DefinitionFields(path, tree, SERVICE_ALIASES);
        f.checkKeys(SERVICE_KEYS, SERVICE_IGNORED, mode == Mode.CONFIG, warnings);
        String name = f.string("name");
        if (name == null || name.isEmpty()) {
            throw new DefinitionException(path, MISSING_SERVICE_NAME);
        }
        String id = f.string("id");
        String effectiveId = id == null || id.isEmpty() ? name : id;
        List<CheckDefinition> checks = new ArrayList<>();
        Map<String, Object> single = f.object("check");
        // Consul skips a service's Check when it is empty (clients that serialise every field send one).
        if (single != null && !DefinitionFields.allZero(single)) {
            checks.add(check(single, f.childPath("check", -1), mode, warnings, effectiveId));
        }
        List<Map<String, Object>> many = f.objects("checks");
        for (int i = 0; i < many.size(); i++) {
            checks.add(check(many.get(i), f.childPath("checks", i), mode, warnings, effectiveId));
        }
        return new ServiceDefinition(f.string("kind"), id, name, f.stringList("tags"), f.string("address"),
                taggedAddresses(f, mode, warnings), f.stringMap("meta"), f.integer("port", 0), weights(f, mode),
                f.bool("enabletagoverride"), checks);
    }

    /**
     * Decodes one check.
     *
     * @param serviceId the ID of the service the check is defined in, which it is bound to; {@code ""} for a
     *     node-level check, which may name a service itself with {@code service_id}
     */
    public static CheckDefinition check(Map<String, Object> tree, String path, Mode mode, List<String> warnings,
            String serviceId) {
        DefinitionFields f = new DefinitionFields(path, tree, CHECK_ALIASES);
        refuseUnsupportedKinds(f);
        f.checkKeys(CHECK_KEYS, CHECK_IGNORED, mode == Mode.CONFIG, warnings);
        String status = f.string("status");
        if (status != null && !status.isEmpty() && !List.of("passing", "warning", "critical").contains(status)) {
            throw new DefinitionException(f.keyPath("status"), BAD_STATUS);
        }
        CheckDefinition c = new CheckDefinition(f.string("id"), f.string("name"), f.string("notes"),
                serviceId.isEmpty() ? f.string("serviceid") : serviceId, f.stringList("args"), f.string("http"),
                f.string("method"), f.headers("header"), f.string("body"), f.bool("tlsskipverify"),
                f.string("tcp"), f.string("grpc"), f.bool("grpcusetls"), f.duration("ttl"), f.duration("interval"),
                f.duration("timeout"), status, f.integer("successbeforepassing", 0),
                f.integer("failuresbeforecritical", 0), f.duration("deregistercriticalserviceafter"));
        validate(c, path);
        return c;
    }

    /**
     * Consul's {@code CheckType.Validate}, in its order and words, after our one-kind rule. A zero or
     * negative TTL counts as absent, as in Consul.
     */
    static void validate(CheckDefinition c, String path) {
        int intervalKinds = (c.args().isEmpty() ? 0 : 1) + (c.http().isEmpty() ? 0 : 1)
                + (c.tcp().isEmpty() ? 0 : 1) + (c.grpc().isEmpty() ? 0 : 1);
        boolean ttl = c.ttl() != null && c.ttl().compareTo(Duration.ZERO) > 0;
        boolean interval = c.interval() != null && c.interval().compareTo(Duration.ZERO) > 0;
        if (intervalKinds > 1 || (intervalKinds == 1 && ttl)) {
            throw new DefinitionException(path, ONE_KIND);
        }
        if (interval && ttl) {
            throw new DefinitionException(path, INTERVAL_AND_TTL);
        }
        if (intervalKinds == 1 && !interval) {
            throw new DefinitionException(path, INTERVAL_NEEDED);
        }
        if (intervalKinds == 0 && !ttl) {
            throw new DefinitionException(path, TTL_NEEDED);
        }
    }

    private static void refuseUnsupportedKinds(DefinitionFields f) {
        if (f.has("script")) {
            throw new DefinitionException(f.keyPath("script"), "the script field was removed in Consul 1.1; "
                    + "use args, e.g. [\"/bin/sh\", \"-c\", \"<script>\"]");
        }
        for (String kind : CHECK_UNSUPPORTED_KINDS) {
            if (f.has(kind)) {
                throw new DefinitionException(f.keyPath(kind), "this check type is not supported by Proconsul; "
                        + "use args, http, tcp, grpc or ttl");
            }
        }
    }

    private static Map<String, ServiceAddress> taggedAddresses(DefinitionFields f, Mode mode,
            List<String> warnings) {
        Map<String, Object> raw = f.object("taggedaddresses");
        Map<String, ServiceAddress> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        DefinitionFields tags = new DefinitionFields(f.childPath("taggedaddresses", -1), raw, Map.of());
        for (String tag : raw.keySet()) {
            Map<String, Object> block = tags.object(DefinitionFields.normalize(tag));
            DefinitionFields a = new DefinitionFields(tags.keyPath(DefinitionFields.normalize(tag)),
                    block == null ? Map.of() : block, Map.of());
            a.checkKeys(Set.of("address", "port"), Set.of(), mode == Mode.CONFIG, warnings);
            String address = a.string("address");
            out.put(tag, new ServiceAddress(address == null ? "" : address, a.integer("port", 0)));
        }
        return out;
    }

    /** Consul defaults each weight to 1 when the block or the key is absent. */
    private static Weights weights(DefinitionFields f, Mode mode) {
        Map<String, Object> raw = f.object("weights");
        if (raw == null) {
            return Weights.DEFAULT;
        }
        DefinitionFields w = new DefinitionFields(f.childPath("weights", -1), raw, Map.of());
        w.checkKeys(Set.of("passing", "warning"), Set.of(), mode == Mode.CONFIG, new ArrayList<>());
        return new Weights(w.integer("passing", 1), w.integer("warning", 1));
    }

    /** The plain tree of a JSON body, the shape the config parsers produce. */
    static Map<String, Object> asTree(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new DefinitionException("", "Request decode failed: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) plain(body);
        return tree;
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(plain(n)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.isNull() ? null : node.asText();
    }
}
