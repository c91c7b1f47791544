package io.proconsul.core.store;

import io.proconsul.core.model.KvEntry;
import java.util.Optional;

/** One key; empty when it does not exist. Watches the key alone. */
public record KvGet(String key) implements Query<Optional<KvEntry>> {}
