package io.proconsul.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON config file into the plain tree shared with {@link HclParser}: {@code Map}, {@code List},
 * {@code String}, {@code Boolean}, {@code Long} (integral numbers) and {@code Double}. Like Go's
 * {@code encoding/json}, the top level must be an object, comments are not allowed and a duplicated key
 * keeps its last value.
 */
final class JsonSourceParser {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonSourceParser() {}

    /** Parses {@code text}; the exception message says what is wrong and where. */
    static Map<String, Object> parse(String text) throws IllegalArgumentException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(e.getOriginalMessage() + where, e);
        }
        if (root == null || root.isMissingNode()) {
            return new LinkedHashMap<>();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(
                    "json: cannot unmarshal " + root.getNodeType().name().toLowerCase() + " into a config object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) convert(root);
        return tree;
    }

    private static Object convert(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), convert(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(convert(n)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }
}
