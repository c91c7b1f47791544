package io.proconsul.http.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.filter.Filter;
import io.proconsul.core.filter.FilterException;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.http.ApiException;
import io.proconsul.http.QueryParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The discovery parameters the catalog and health endpoints share, read as Consul reads them:
 * {@code ?tag} (repeatable; an instance must carry every one, compared case-insensitively as Consul's state
 * store does), {@code ?node-meta=key:value} (repeatable; every pair must match), {@code ?passing} (present
 * without a value means true; {@code ?passing=false} means not set; anything Go's {@code ParseBool} refuses
 * is 400 {@code Invalid value for ?passing}) and {@code ?filter}.
 *
 * <p>{@code ?near} is read by {@link NearSort}: the node listing, a service's instances and the checks of a
 * service or a state are sorted by estimated round trip from that node's coordinate; without one the order
 * is the store's (node name, then ID).
 */
record CatalogParams(List<String> tags, Map<String, String> nodeMeta, boolean passing, Filter filter) {

    /** The mapper that renders result elements for {@link Filter}: our records' wire names. */
    static final ObjectMapper JSON = new ObjectMapper();

    static final String INVALID_PASSING = "Invalid value for ?passing";

    /** Reads the parameters; {@code schema} is the type of the elements {@code ?filter} applies to. */
    static CatalogParams parse(QueryParams q, FilterSchema schema) {
        return new CatalogParams(List.copyOf(q.all("tag")), nodeMeta(q), passing(q), filter(q, schema));
    }

    /** Consul's {@code ParseMetaPair}: the text up to the first colon is the key, the rest the value. */
    static Map<String, String> nodeMeta(QueryParams q) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String pair : q.all("node-meta")) {
            int colon = pair.indexOf(':');
            meta.put(colon < 0 ? pair : pair.substring(0, colon), colon < 0 ? "" : pair.substring(colon + 1));
        }
        return meta;
    }

    private static boolean passing(QueryParams q) {
        if (!q.has("passing")) {
            return false;
        }
        return switch (q.get("passing")) {
            case "", "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ApiException.BadRequest(INVALID_PASSING);
        };
    }

    /** {@code ?filter} compiled for {@code schema}; a bad expression is a 400 with go-bexpr's text. */
    static Filter filter(QueryParams q, FilterSchema schema) {
        try {
            return Filter.compile(q.get("filter"), schema);
        } catch (FilterException e) {
            throw new ApiException.BadRequest(e.getMessage());
        }
    }

    /** Whether the node carries every requested meta pair. */
    boolean nodeMatches(Node node) {
        for (Map.Entry<String, String> e : nodeMeta.entrySet()) {
            if (!e.getValue().equals(node.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the service carries every requested tag. */
    boolean tagsMatch(NodeService service) {
        for (String wanted : tags) {
            boolean found = false;
            for (String t : service.tags()) {
                if (t.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** The instances that pass tag, node-meta and (when asked) health: the filters before {@code ?filter}. */
    List<ServiceEntry> select(List<ServiceEntry> entries, boolean applyPassing) {
        List<ServiceEntry> out = new ArrayList<>(entries.size());
        for (ServiceEntry e : entries) {
            if (tagsMatch(e.service()) && nodeMatches(e.node())
                    && (!applyPassing || !passing || allPassing(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Consul's {@code filterNonPassing}: every check, the node's included, must be passing. */
    private static boolean allPassing(ServiceEntry e) {
        return e.checks().stream().allMatch(c -> HealthStatus.PASSING.equals(c.status()));
    }
}
