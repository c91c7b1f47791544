package io.proconsul.core.config;

import io.proconsul.core.GoTypeName;
import io.proconsul.core.config.ConfigKeys.Kind;
import io.proconsul.core.local.DefinitionDecoder;
import io.proconsul.core.local.DefinitionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed source against {@link ConfigKeys} and turns it into a {@link ConfigFragment}. Unknown
 * keys fail as Consul fails ({@code failed to parse a.hcl: invalid config key foo}); keys Consul knows but
 * we ignore become warnings; a value of the wrong shape fails with mapstructure's wording. Like Consul's
 * {@code HookWeakDecodeFromSlice}, a list of one element is accepted where a single value or block is
 * expected, which is how HCL hands over a block.
 */
final class SourceDecoder {

    private final String source;
    private final List<String> warnings;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> unknown = new ArrayList<>();

    private SourceDecoder(String source, List<String> warnings) {
        this.source = source;
        this.warnings = warnings;
    }

    /** Decodes {@code tree}, adding warnings for ignored keys to {@code warnings}. */
    static ConfigFragment decode(String source, Map<String, Object> tree, List<String> warnings)
            throws ConfigException {
        SourceDecoder d = new SourceDecoder(source, warnings);
        d.block("", tree);
        if (!d.unknown.isEmpty()) {
            List<String> errors = d.unknown.stream().map(k -> "invalid config key " + k).toList();
            throw new ConfigException("failed to parse " + source + ": " + String.join(", ", errors));
        }
        return new ConfigFragment(source, d.values);
    }

    private void block(String prefix, Map<String, Object> tree) throws ConfigException {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String path = prefix + e.getKey();
            Kind kind = ConfigKeys.kindOf(path);
            switch (kind) {
                case UNKNOWN -> unknown.add(path);
                case UNSUPPORTED -> warnings.add(source + ": config key \"" + path
                        + "\" is not supported by Proconsul yet and is ignored");
                case BLOCK -> block(path + ".", asBlock(path, e.getValue()));
                case SERVICES, CHECKS -> definitions(path, kind, e.getValue());
                case WATCHES -> watches(path, e.getValue());
                default -> values.put(path, typed(path, kind, e.getValue()));
            }
        }
    }

    /**
     * Decodes {@code service}/{@code services} or {@code check}/{@code checks} right away, so that an error
     * names this file. Both spellings of a kind collect under the plural key, as a list that merging
     * appends to: Consul registers the services of every file. A single object (one {@code service {}}
     * block) and a list of them (repeated HCL blocks, a JSON array) are both accepted.
     */
    @SuppressWarnings("unchecked")
    private void definitions(String path, Kind kind, Object raw) throws ConfigException {
        List<Object> items = raw instanceof List<?> l ? (List<Object>) l : List.of(raw);
        List<Object> out = (List<Object>) values.computeIfAbsent(kind == Kind.SERVICES ? "services" : "checks",
                k -> new ArrayList<>());
        List<String> definitionWarnings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map)) {
                throw new ConfigException(source + ": " + path + ": expected a map, got '" + GoTypeName.of(items.get(i))
                        + "'");
            }
            Map<String, Object> tree = (Map<String, Object>) items.get(i);
            String at = raw instanceof List ? path + "[" + i + "]" : path;
            try {
                out.add(kind == Kind.SERVICES
                        ? DefinitionDecoder.service(tree, at, DefinitionDecoder.Mode.CONFIG, definitionWarnings)
                        : DefinitionDecoder.check(tree, at, DefinitionDecoder.Mode.CONFIG, definitionWarnings, ""));
            } catch (DefinitionException e) {
                throw new ConfigException(source + ": " + e.getMessage(), e);
            }
        }
        definitionWarnings.forEach(w -> warnings.add(source + ": " + w));
    }

    /**
     * {@code watches}: a list of objects (or one), kept as decoded; the agent checks each one as Consul's
     * {@code watch.Parse} does when it starts the watches. Merging appends the lists of all sources.
     */
    @SuppressWarnings("unchecked")
    private void watches(String path, Object raw) throws ConfigException {
        List<Object> items = raw instanceof List<?> l ? (List<Object>) l : List.of(raw);
        List<Object> out = (List<Object>) values.computeIfAbsent(path, k -> new ArrayList<>());
        for (Object item : items) {
            if (!(item instanceof Map)) {
                throw new ConfigException(source + ": " + path + ": expected a map, got '" + GoTypeName.of(item)
                        + "'");
            }
            out.add(new LinkedHashMap<>((Map<String, Object>) item));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asBlock(String path, Object value) throws ConfigException {
        Object v = unwrapSingle(value);
        if (v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new ConfigException(source + ": " + path + ": expected a map, got '" + GoTypeName.of(v) + "'");
    }

    private Object typed(String path, Kind kind, Object raw) throws ConfigException {
        switch (kind) {
            case LIST:
                return stringList(path, raw);
            case MAP:
                return stringMap(path, raw);
            default:
                break;
        }
        Object v = unwrapSingle(raw);
        if (kind == Kind.STRING && v instanceof String) {
            return v;
        }
        if (kind == Kind.BOOL && v instanceof Boolean) {
            return v;
        }
        if (kind == Kind.INT && v instanceof Long) {
            return v;
        }
        if (kind == Kind.INT && v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        String want = kind == Kind.STRING ? "string" : kind == Kind.BOOL ? "bool" : "int";
        throw mismatch(path, want, v);
    }

    private List<String> stringList(String path, Object raw) throws ConfigException {
        if (!(raw instanceof List<?> list)) {
            throw new ConfigException(source + ": " + path + ": source data must be an array or slice, got "
                    + GoTypeName.of(raw));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String s)) {
                throw mismatch(path + "[" + i + "]", "string", item);
            }
            out.add(s);
        }
        return out;
    }

    private Map<String, String> stringMap(String path, Object raw) throws ConfigException {
        Object v = unwrapSingle(raw);
        if (!(v instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": " + path + ": expected a map, got '" + GoTypeName.of(v) + "'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object item = unwrapSingle(e.getValue());
            if (!(item instanceof String s)) {
                throw mismatch(path + "[" + e.getKey() + "]", "string", item);
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Object unwrapSingle(Object v) {
        return v instanceof List<?> l && l.size() == 1 ? l.get(0) : v;
    }

    private ConfigException mismatch(String path, String want, Object got) {
        return new ConfigException(source + ": " + path + ": expected type '" + want
                + "', got unconvertible type '" + GoTypeName.of(got) + "', value: '" + got + "'");
    }
}
