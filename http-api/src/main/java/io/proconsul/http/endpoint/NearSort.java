package io.proconsul.http.endpoint;

import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import io.proconsul.http.QueryParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code ?near=<node>} on the catalog and health listings, as Consul's {@code sortNodesByDistanceFrom}
 * (agent/consul/rtt.go): a stable sort by the estimated round trip from the named node's LAN coordinate,
 * so nodes without a coordinate (infinitely far, {@link Coordinate#computeDistance}) keep their relative
 * order after all the others. {@code ?near=_agent} names this agent's node, as Consul's {@code parseSource}
 * does. When the source node has no coordinate the order is the store's: there is nothing to sort by.
 *
 * <p>The coordinates are read after the listing answers, without blocking and with the listing's
 * consistency, so the answer still carries (and a blocking query still waits on) the listing's own index.
 * Stateless apart from its store; thread-safe.
 */
final class NearSort {

    static final String AGENT = "_agent";

    private final Store store;
    private final String agentNode;

    NearSort(Store store, String agentNode) {
        this.store = store;
        this.agentNode = agentNode;
    }

    /** The source node {@code ?near} names, {@code ""} when not given. */
    String source(QueryParams q) {
        String near = q.get("near");
        return AGENT.equals(near) ? agentNode : near;
    }

    /** {@code items} sorted by distance from {@code source}'s node; as given when {@code source} is empty. */
    <T> CompletableFuture<List<T>> sort(String source, List<T> items, Function<T, String> nodeOf,
            QueryOptions opts) {
        if (source.isEmpty() || items.size() < 2) {
            return CompletableFuture.completedFuture(items);
        }
        return store.query(new CoordinateNodes(), opts.blocking(0, opts.maxWait()))
                .thenApply(r -> sorted(source, r.value(), items, nodeOf));
    }

    /** The sort itself: {@code coordinates} are the table's rows (default segment only). */
    static <T> List<T> sorted(String source, List<CoordinateEntry> coordinates, List<T> items,
            Function<T, String> nodeOf) {
        Map<String, Coordinate> byNode = new HashMap<>();
        for (CoordinateEntry e : coordinates) {
            if (e.segment().isEmpty()) {
                byNode.put(e.node().toLowerCase(Locale.ROOT), e.coord());
            }
        }
        Coordinate from = byNode.get(source.toLowerCase(Locale.ROOT));
        if (from == null) {
            return items;
        }
        Map<T, Double> distance = new HashMap<>();
        List<T> out = new ArrayList<>(items);
        for (T item : items) {
            Coordinate to = byNode.get(nodeOf.apply(item).toLowerCase(Locale.ROOT));
            distance.put(item, to == null || !from.isCompatibleWith(to)
                    ? Double.POSITIVE_INFINITY : Coordinate.computeDistance(from, to));
        }
        // List.sort is stable, as Go's sort.Stable.
        out.sort(Comparator.comparingDouble(distance::get));
        return out;
    }
}
