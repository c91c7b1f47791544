package io.proconsul.http.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.TxnOp;
import io.proconsul.http.ApiException;
import io.proconsul.http.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Decodes a {@code /v1/txn} body, Consul's {@code api.TxnOps}: a JSON array of objects each holding one
 * operation under {@code KV} (the only kind so far). Field names match case-insensitively, as Go's decoder
 * matches them. An undecodable body throws Consul's 400 {@code Failed to parse body: ...}; a verb Consul
 * does not know, an empty key (Consul's pre-check: {@code Must provide key}), or an operation kind not
 * supported yet becomes a {@link TxnError} for that position, which makes the transaction roll back as
 * Consul would.
 */
final class TxnCodec {

    /** The decoded operations, the errors that force a rollback, and how many operations write. */
    record Decoded(List<TxnOp> ops, List<TxnError> errors, int writes) {}

    private TxnCodec() {}

    static Decoded decode(JsonCodec json, InputStream body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw parseError(e.getOriginalMessage());
        } catch (IOException e) {
            throw parseError(e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw parseError("EOF");
        }
        if (root.isNull()) {
            return new Decoded(List.of(), List.of(), 0);
        }
        if (!root.isArray()) {
            throw parseError("json: cannot unmarshal " + goKind(root) + " into Go value of type api.TxnOps");
        }
        List<TxnOp> ops = new ArrayList<>(root.size());
        List<TxnError> preCheck = new ArrayList<>();
        List<TxnError> errors = new ArrayList<>();
        int writes = 0;
        for (int i = 0; i < root.size(); i++) {
            JsonNode op = root.get(i);
            JsonNode kv = field(op, "KV");
            if (kv == null || kv.isNull()) {
                if (op != null && op.isObject() && op.size() > 0) {
                    errors.add(new TxnError(i, "unsupported operation: only KV operations are implemented"));
                }
                continue;
            }
            KvOp decoded = kvOp(kv);
            String verb = decoded == null ? text(kv, "Verb") : decoded.verb().wireName();
            // Consul's kvsPreApply runs over every operation before any is applied.
            if (text(kv, "Key").isEmpty() && !verb.equals(KvVerb.DELETE_TREE.wireName())) {
                preCheck.add(new TxnError(i, "Must provide key"));
            } else if (decoded == null) {
                errors.add(new TxnError(i, "unknown KV verb " + quote(verb)));
            } else {
                writes += decoded.isWrite() ? 1 : 0;
                ops.add(decoded);
            }
        }
        // When the pre-check fails Consul reports only its errors; nothing else ran.
        return new Decoded(ops, preCheck.isEmpty() ? errors : preCheck, writes);
    }

    /** The size a KV operation's value has, for Consul's per-value limit. */
    static int valueSize(TxnOp op) {
        return op instanceof KvOp kv && kv.value() != null ? kv.value().length : 0;
    }

    private static KvOp kvOp(JsonNode kv) {
        if (!kv.isObject()) {
            throw parseError("json: cannot unmarshal " + goKind(kv) + " into Go struct field TxnOp.KV of type api.KVTxnOp");
        }
        KvVerb verb = KvVerb.fromWireName(text(kv, "Verb")).orElse(null);
        if (verb == null) {
            return null;
        }
        return new KvOp(verb, text(kv, "Key"), value(kv), uint(kv, "Flags"), uint(kv, "Index"), text(kv, "Session"));
    }

    private static byte[] value(JsonNode kv) {
        JsonNode v = field(kv, "Value");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw parseError("json: cannot unmarshal " + goKind(v) + " into Go struct field KVTxnOp.KV.Value of type []uint8");
        }
        try {
            return Base64.getDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
            throw parseError("illegal base64 data at input byte " + badBase64Offset(v.textValue()));
        }
    }

    /** Where Go's decoder gives up: the first byte outside the alphabet, else the incomplete last quantum. */
    private static int badBase64Offset(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (!ok && !(c == '=' && i >= s.length() - 2)) {
                return i;
            }
        }
        return s.length() / 4 * 4;
    }

    private static String text(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw parseError("json: cannot unmarshal " + goKind(v) + " into Go struct field KVTxnOp.KV." + name
                    + " of type string");
        }
        return v.textValue();
    }

    private static long uint(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0 || v.bigIntegerValue().bitLength() > 64) {
            throw parseError("json: cannot unmarshal " + goKind(v) + " into Go struct field KVTxnOp.KV." + name
                    + " of type uint64");
        }
        return v.bigIntegerValue().longValue();
    }

    /** A field by Go's rule: the exact name first, else a case-insensitive match. */
    private static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String goKind(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return n.isNumber() ? "number " + n.asText() : "value";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static ApiException parseError(String why) {
        return new ApiException.BadRequest("Failed to parse body: " + why);
    }
}
