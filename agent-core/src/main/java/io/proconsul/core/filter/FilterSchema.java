package io.proconsul.core.filter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The selectors a result element offers and what each supports, as go-bexpr derives them from a Go type
 * ({@code field_config.go}): a string supports equality, {@code in} (substring) and {@code matches}; a
 * number or bool equality only; a list of strings {@code in} and emptiness; a list of objects emptiness,
 * with its elements' fields selectable through it; a map {@code in} (on keys) and emptiness, with any key
 * selectable; an object nothing but its fields.
 *
 * <p>Built from our records by their Jackson wire names ({@link #of(Class)}), so a selector is valid exactly
 * when the JSON Consul's clients see has that field. Immutable and cached per class.
 */
public final class FilterSchema {

    /** The shape of one selectable value. */
    public enum Kind { STRING, INTEGER, FLOAT, BOOL, OBJECT, STRING_LIST, OBJECT_LIST, MAP }

    private static final Map<Class<?>, FilterSchema> CACHE = new ConcurrentHashMap<>();
    private static final FilterSchema STRING = new FilterSchema(Kind.STRING, Map.of(), null);
    private static final FilterSchema EMPTY_OBJECT = new FilterSchema(Kind.OBJECT, Map.of(), null);

    private final Kind kind;
    private final Map<String, FilterSchema> fields;
    private final FilterSchema element;

    private FilterSchema(Kind kind, Map<String, FilterSchema> fields, FilterSchema element) {
        this.kind = kind;
        this.fields = fields;
        this.element = element;
    }

    /** The schema of a record type's JSON: one field per component, by its {@code @JsonProperty} name. */
    public static FilterSchema of(Class<?> type) {
        FilterSchema cached = CACHE.get(type);
        if (cached != null) {
            return cached;
        }
        FilterSchema built = build(type);
        CACHE.put(type, built);
        return built;
    }

    private static FilterSchema build(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        Map<String, FilterSchema> fields = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            if (rc.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
            String name = p != null && !p.value().isEmpty() ? p.value() : rc.getName();
            fields.put(name, forType(rc.getGenericType()));
        }
        return new FilterSchema(Kind.OBJECT, Map.copyOf(fields), null);
    }

    private static FilterSchema forType(Type t) {
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (java.util.List.class.isAssignableFrom(raw)) {
                FilterSchema e = forType(args[0]);
                return e.kind == Kind.OBJECT ? new FilterSchema(Kind.OBJECT_LIST, Map.of(), e)
                        : new FilterSchema(Kind.STRING_LIST, Map.of(), e);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new FilterSchema(Kind.MAP, Map.of(), forType(args[1]));
            }
            return EMPTY_OBJECT;
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) {
            return STRING;
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
            return new FilterSchema(Kind.INTEGER, Map.of(), null);
        }
        if (c == double.class || c == float.class || c == Double.class) {
            return new FilterSchema(Kind.FLOAT, Map.of(), null);
        }
        if (c == boolean.class || c == Boolean.class) {
            return new FilterSchema(Kind.BOOL, Map.of(), null);
        }
        if (c.isRecord()) {
            return of(c);
        }
        return EMPTY_OBJECT;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The schema one selector step below this one, or null when the step is not valid: a field of an
     * object, any key of a map, a field of a list's elements (go-bexpr selects through lists).
     */
    FilterSchema step(String name) {
        return switch (kind) {
            case OBJECT -> fields.get(name);
            case MAP -> element;
            case OBJECT_LIST -> element.step(name);
            default -> null;
        };
    }

    /** The operators go-bexpr allows on a value of this kind. */
    Set<MatchOperator> operators() {
        return switch (kind) {
            case STRING -> EnumSet.of(MatchOperator.EQUAL, MatchOperator.NOT_EQUAL, MatchOperator.IN,
                    MatchOperator.NOT_IN, MatchOperator.MATCHES, MatchOperator.NOT_MATCHES);
            case INTEGER, FLOAT, BOOL -> EnumSet.of(MatchOperator.EQUAL, MatchOperator.NOT_EQUAL);
            case STRING_LIST, MAP -> EnumSet.of(MatchOperator.IN, MatchOperator.NOT_IN, MatchOperator.IS_EMPTY,
                    MatchOperator.IS_NOT_EMPTY);
            case OBJECT_LIST -> EnumSet.of(MatchOperator.IS_EMPTY, MatchOperator.IS_NOT_EMPTY);
            case OBJECT -> EnumSet.noneOf(MatchOperator.class);
        };
    }

    /** For a list of strings, the element; otherwise null. */
    FilterSchema element() {
        return element;
    }

    @Override
    public String toString() {
        return Objects.toString(kind) + (fields.isEmpty() ? "" : fields.keySet());
    }
}
