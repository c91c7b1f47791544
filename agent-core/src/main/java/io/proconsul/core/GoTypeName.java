package io.proconsul.core;

import java.util.List;
import java.util.Map;

/**
 * Go's names for the types a decoded JSON or HCL value has, as mapstructure puts them in Consul's
 * configuration errors ("expected a map, got 'string'"): the config file decoder and the service/check
 * definition decoder report the same words. Stateless.
 */
public final class GoTypeName {

    private GoTypeName() {}

    /** {@code string}, {@code bool}, {@code int}, {@code float64}, the slice and map names, or {@code nil}. */
    public static String of(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        return v instanceof Map ? "map[string]interface {}" : "nil";
    }
}
