package io.proconsul.core.store;

import io.proconsul.core.catalog.CoordinateEntry;
import java.util.List;

/**
 * Every stored LAN coordinate, sorted by node name: {@code /v1/coordinate/nodes}, and the source of
 * {@code ?near} sorting. Index: the coordinates table's.
 */
public record CoordinateNodes() implements Query<List<CoordinateEntry>> {}
