package io.proconsul.core.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.proconsul.core.catalog.CoordinateEntry;
import java.util.List;

/**
 * Consul's {@code CoordinateBatchUpdateType}: stores each node's coordinate (replacing its previous one).
 * As Consul's state store does, an update for a node the catalog does not know is dropped silently: a
 * coordinate is removed with its node, so one without a node would never go away. The coordinates table's
 * index moves either way. Completes with {@code true}.
 */
public record CoordinateBatchUpdate(@JsonProperty("Updates") List<CoordinateEntry> updates)
        implements Command<Boolean> {

    public CoordinateBatchUpdate {
        updates = List.copyOf(updates);
    }
}
