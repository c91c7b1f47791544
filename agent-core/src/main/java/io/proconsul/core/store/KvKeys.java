package io.proconsul.core.store;

import java.util.List;

/**
 * The keys under {@code prefix} in key order ({@code ?keys}). With a non-empty {@code separator}, keys are
 * rolled up to the first separator after the prefix, as Consul does: {@code a/b/c} under {@code a/} with
 * separator {@code /} becomes {@code a/b/}, listed once.
 *
 * @param separator {@code ""} for no roll-up
 */
public record KvKeys(String prefix, String separator) implements Query<List<String>> {

    public KvKeys {
        separator = separator == null ? "" : separator;
    }
}
