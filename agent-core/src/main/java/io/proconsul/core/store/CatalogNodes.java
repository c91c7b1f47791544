package io.proconsul.core.store;

import io.proconsul.core.catalog.Node;
import java.util.List;

/** Every node, sorted by name: {@code /v1/catalog/nodes}. Index: the nodes table's. */
public record CatalogNodes() implements Query<List<Node>> {}
