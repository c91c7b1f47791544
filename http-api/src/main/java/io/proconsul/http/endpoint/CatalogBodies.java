package io.proconsul.http.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.Weights;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The bodies of {@code PUT /v1/catalog/register} and {@code /v1/catalog/deregister} (Consul's
 * {@code RegisterRequest} and {@code DeregisterRequest}), decoded and checked in the order and with the
 * texts of Consul's {@code Catalog.Register}: {@code Must provide node}, {@code Bad node ID: ...},
 * {@code Must provide address if SkipNodeUpdate is not set}, a service ID defaulting to its name,
 * {@code Must provide service name (Service.Service) when service ID is provided},
 * {@code Invalid service address}, a check ID defaulting to its name, the single {@code Check} folded into
 * {@code Checks}, and a check naming another node refused. Field names match case-insensitively, as Go's
 * decoder matches them. Every failure is a 400 (Consul sends the RPC's refusals as errors of the request).
 */
final class CatalogBodies {

    static final String MUST_PROVIDE_NODE = "Must provide node";
    static final String MUST_PROVIDE_ADDRESS = "Must provide address if SkipNodeUpdate is not set";
    static final String MUST_PROVIDE_SERVICE_NAME =
            "Must provide service name (Service.Service) when service ID is provided";
    static final String INVALID_SERVICE_ADDRESS = "Invalid service address";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ANY_ADDRESSES = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    /** The Go types of the request fields we read, by path, for Go's decoding errors. */
    private static final Map<String, String> CHECK_TYPES = Map.of("Node", "string", "CheckID", "types.CheckID",
            "Name", "string", "Status", "string", "Notes", "string", "Output", "string", "ServiceID", "string",
            "ServiceName", "string", "Type", "string");
    private static final Map<String, String> SERVICE_TYPES = Map.of("ID", "string", "Service", "string",
            "Tags", "[]string", "Address", "string", "Meta", "map[string]string", "Port", "int",
            "EnableTagOverride", "bool", "Kind", "structs.ServiceKind", "Weights", "*structs.Weights");
    private static final Map<String, String> REGISTER_TYPES = Map.of("Node", "string", "ID", "types.NodeID",
            "Address", "string", "Datacenter", "string", "SkipNodeUpdate", "bool",
            "TaggedAddresses", "map[string]string", "NodeMeta", "map[string]string",
            "Service", "*structs.NodeService", "Check", "*structs.HealthCheck", "Checks", "structs.HealthChecks");
    private static final Map<String, String> DEREGISTER_TYPES = Map.of("Node", "string", "Datacenter", "string",
            "ServiceID", "string", "CheckID", "types.CheckID");
    private static final Map<String, String> WEIGHTS_TYPES = Map.of("Passing", "int", "Warning", "int");

    private CatalogBodies() {}

    /**
     * Go's {@code encoding/json} refusals for a value of the wrong JSON type, worded as Go words them
     * ({@code json: cannot unmarshal string into Go struct field RegisterRequest.Service.Port of type int}).
     * {@code null} is accepted anywhere, as Go leaves the field at its zero value.
     */
    private static void checkTypes(JsonNode obj, String struct, String prefix, Map<String, String> types) {
        for (Map.Entry<String, String> t : types.entrySet()) {
            JsonNode v = field(obj, t.getKey());
            if (v.isMissingNode() || v.isNull()) {
                continue;
            }
            String path = prefix + t.getKey();
            String go = t.getValue();
            switch (go) {
                case "string", "types.CheckID", "types.NodeID", "structs.ServiceKind" ->
                        expect(v.isTextual(), v, struct, path, go);
                case "int" -> expect(v.isIntegralNumber() && v.canConvertToInt(), v, struct, path, go);
                case "bool" -> expect(v.isBoolean(), v, struct, path, go);
                case "map[string]string" -> {
                    expect(v.isObject(), v, struct, path, go);
                    v.elements().forEachRemaining(e -> expect(e.isTextual() || e.isNull(), e, struct, path, "string"));
                }
                case "[]string" -> {
                    expect(v.isArray(), v, struct, path, go);
                    v.elements().forEachRemaining(e -> expect(e.isTextual() || e.isNull(), e, struct, path, "string"));
                }
                case "structs.HealthChecks" -> {
                    expect(v.isArray(), v, struct, path, go);
                    v.elements().forEachRemaining(e -> {
                        expect(e.isObject() || e.isNull(), e, struct, path, "structs.HealthCheck");
                        checkTypes(e, struct, path + ".", CHECK_TYPES);
                    });
                }
                default -> {
                    expect(v.isObject(), v, struct, path, go);
                    checkTypes(v, struct, path + ".", switch (t.getKey()) {
                        case "Service" -> SERVICE_TYPES;
                        case "Weights" -> WEIGHTS_TYPES;
                        default -> CHECK_TYPES;
                    });
                }
            }
        }
    }

    private static void expect(boolean ok, JsonNode v, String struct, String path, String goType) {
        if (!ok) {
            // Go names the number itself only where it was meant for an integer (a fraction, an overflow).
            String json = v.isTextual() ? "string" : v.isBoolean() ? "bool" : v.isArray() ? "array"
                    : v.isObject() ? "object" : goType.equals("int") ? "number " + v.asText() : "number";
            throw new ApiException.BadRequest("Request decode failed: json: cannot unmarshal " + json
                    + " into Go struct field " + struct + "." + path + " of type " + goType);
        }
    }

    static CatalogRegister register(ApiRequest req) {
        JsonNode body = read(req);
        checkTypes(body, "RegisterRequest", "", REGISTER_TYPES);
        String node = text(body, "Node");
        if (node.isEmpty()) {
            throw new ApiException.BadRequest(MUST_PROVIDE_NODE);
        }
        String id = text(body, "ID");
        if (!id.isEmpty()) {
            checkUuid(id);
        }
        boolean skip = field(body, "SkipNodeUpdate").asBoolean(false);
        String address = text(body, "Address");
        if (address.isEmpty() && !skip) {
            throw new ApiException.BadRequest(MUST_PROVIDE_ADDRESS);
        }
        NodeService service = field(body, "Service").isObject() ? service(field(body, "Service")) : null;
        List<HealthCheck> checks = new ArrayList<>();
        if (field(body, "Check").isObject()) {
            checks.add(check(field(body, "Check"), node));
        }
        for (JsonNode c : field(body, "Checks")) {
            checks.add(check(c, node));
        }
        return new CatalogRegister(node, id, address, strings(field(body, "TaggedAddresses")),
                strings(field(body, "NodeMeta")), service, checks, skip);
    }

    static CatalogDeregister deregister(ApiRequest req) {
        JsonNode body = read(req);
        checkTypes(body, "DeregisterRequest", "", DEREGISTER_TYPES);
        String node = text(body, "Node");
        if (node.isEmpty()) {
            throw new ApiException.BadRequest(MUST_PROVIDE_NODE);
        }
        return new CatalogDeregister(node, text(body, "ServiceID"), text(body, "CheckID"));
    }

    private static NodeService service(JsonNode s) {
        String id = text(s, "ID");
        String name = text(s, "Service");
        if (id.isEmpty()) {
            id = name;
        }
        if (!id.isEmpty() && name.isEmpty()) {
            throw new ApiException.BadRequest(MUST_PROVIDE_SERVICE_NAME);
        }
        String address = text(s, "Address");
        if (ANY_ADDRESSES.contains(address)) {
            throw new ApiException.BadRequest(INVALID_SERVICE_ADDRESS);
        }
        List<String> tags = new ArrayList<>();
        field(s, "Tags").forEach(t -> tags.add(t.asText()));
        Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
        field(s, "TaggedAddresses").fields().forEachRemaining(e -> tagged.put(e.getKey(),
                new ServiceAddress(text(e.getValue(), "Address"), field(e.getValue(), "Port").asInt())));
        JsonNode w = field(s, "Weights");
        Weights weights = w.isObject() ? new Weights(field(w, "Passing").asInt(), field(w, "Warning").asInt()) : null;
        return new NodeService(text(s, "Kind"), id, name, tags, strings(field(s, "Meta")), field(s, "Port").asInt(),
                address, tagged, weights, field(s, "EnableTagOverride").asBoolean(false), 0, 0);
    }

    private static HealthCheck check(JsonNode c, String registerNode) {
        String node = text(c, "Node");
        String id = text(c, "CheckID");
        String name = text(c, "Name");
        if (id.isEmpty()) {
            id = name;
        }
        if (node.isEmpty()) {
            node = registerNode;
        } else if (!node.equalsIgnoreCase(registerNode)) {
            throw new ApiException.BadRequest("Node '" + node + "' for check '" + id
                    + "' doesn't match register request node '" + registerNode + "'");
        }
        JsonNode def = field(c, "Definition");
        return new HealthCheck(node, id, name, text(c, "Status"), text(c, "Notes"), text(c, "Output"),
                text(c, "ServiceID"), text(c, "ServiceName"), List.of(), text(c, "Type"),
                text(def, "Interval"), text(def, "Timeout"), 0, 0);
    }

    /** Consul's {@code uuid.ParseUUID} texts for a malformed node ID. */
    private static void checkUuid(String id) {
        if (id.length() != 36) {
            throw new ApiException.BadRequest("Bad node ID: uuid string is wrong length");
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("Bad node ID: uuid is improperly formatted");
        }
        if (id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            throw new ApiException.BadRequest("Bad node ID: uuid is improperly formatted");
        }
    }

    private static JsonNode read(ApiRequest req) {
        if (req.bodyLength() == 0) {
            throw new ApiException.BadRequest("Request decode failed: EOF");
        }
        try {
            JsonNode root = JSON.readTree(req.bodyStream());
            if (root == null || !root.isObject()) {
                throw new ApiException.BadRequest("Request decode failed: body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getMessage());
        }
    }

    /** The member named {@code name}, matched case-insensitively as Go's decoder does; missing when absent. */
    static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.toLowerCase(Locale.ROOT).equals(lower)) {
                return obj.get(k);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String text(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> out = new LinkedHashMap<>();
        if (obj.isObject()) {
            obj.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return out;
    }
}
