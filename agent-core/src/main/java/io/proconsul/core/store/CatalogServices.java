package io.proconsul.core.store;

import java.util.List;
import java.util.Map;

/**
 * Every service name with the union of its instances' tags (sorted, distinct), in name order:
 * {@code /v1/catalog/services}. Index: the services table's.
 */
public record CatalogServices() implements Query<Map<String, List<String>>> {}
