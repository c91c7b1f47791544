package io.proconsul.cli.command.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.watch.GoJson;
import io.proconsul.core.model.KvEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The file format of {@code kv export} and {@code kv import} (Consul's {@code impexp.Entry}): a JSON array
 * of objects with {@code key}, {@code flags} (unsigned 64-bit) and {@code value} (standard base64), plus
 * {@code namespace}/{@code partition} when set. Written byte for byte as Go's {@code json.MarshalIndent(v, "",
 * "\t")}, including its HTML-safe escapes; read as leniently as Go's {@code json.Unmarshal} (field names in
 * any case, unknown fields ignored).
 */
final class ExportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** One exported key; {@code flags} holds an unsigned value. */
    record Entry(String key, long flags, String value, String namespace, String partition) {

        static Entry of(KvEntry kv) {
            byte[] raw = kv.value() == null ? new byte[0] : kv.value();
            return new Entry(kv.key(), kv.flags(), Base64.getEncoder().encodeToString(raw), "", "");
        }
    }

    private ExportJson() {}

    /** Go's {@code MarshalIndent} layout: {@code []} when empty, otherwise one tab per nesting level. */
    static String write(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append("\t{\n");
            sb.append("\t\t\"key\": ").append(quote(e.key())).append(",\n");
            sb.append("\t\t\"flags\": ").append(Long.toUnsignedString(e.flags())).append(",\n");
            sb.append("\t\t\"value\": ").append(quote(e.value()));
            if (!e.namespace().isEmpty()) {
                sb.append(",\n\t\t\"namespace\": ").append(quote(e.namespace()));
            }
            if (!e.partition().isEmpty()) {
                sb.append(",\n\t\t\"partition\": ").append(quote(e.partition()));
            }
            sb.append("\n\t}").append(i < entries.size() - 1 ? ",\n" : "\n");
        }
        return sb.append(']').toString();
    }

    /**
     * Parses an export; {@code null} imports nothing, as in Go.
     *
     * @throws IllegalArgumentException with a message naming what is wrong and where
     */
    static List<Entry> read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("unexpected end of JSON input");
        }
        if (root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException("json: cannot unmarshal " + kind(root)
                    + " into a list of entries; expected the [ {\"key\": ..., \"flags\": ..., \"value\": ...} ] "
                    + "array that 'kv export' writes");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : root) {
            if (!node.isNull()) {
                entries.add(entry(node));
            }
        }
        return entries;
    }

    private static Entry entry(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("json: cannot unmarshal " + kind(node) + " into an entry object");
        }
        String key = "";
        long flags = 0;
        String value = "";
        String namespace = "";
        String partition = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "key" -> key = text(field);
                case "flags" -> flags = unsigned(field);
                case "value" -> value = text(field);
                case "namespace" -> namespace = text(field);
                case "partition" -> partition = text(field);
                default -> { }
            }
        }
        return new Entry(key, flags, value, namespace, partition);
    }

    private static String text(Map.Entry<String, JsonNode> field) {
        JsonNode v = field.getValue();
        if (v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("json: cannot unmarshal " + kind(v) + " into field "
                    + field.getKey() + " of type string");
        }
        return v.textValue();
    }

    private static long unsigned(Map.Entry<String, JsonNode> field) {
        JsonNode v = field.getValue();
        if (v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0
                || v.bigIntegerValue().compareTo(MAX_UINT64) > 0) {
            throw new IllegalArgumentException("json: cannot unmarshal " + v + " into field "
                    + field.getKey() + " of type uint64");
        }
        return v.bigIntegerValue().longValue();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "null";
        };
    }

    /** Go's {@code encoding/json} string escaping, with its HTML-safe {@code <}, {@code >}, {@code &}. */
    static String quote(String s) {
        return GoJson.quote(s);
    }
}
