package io.proconsul.core.store;

import io.proconsul.core.model.KvEntry;
import java.util.List;

/** Every entry whose key starts with {@code prefix}, in key order ({@code ?recurse}). Watches the prefix. */
public record KvList(String prefix) implements Query<List<KvEntry>> {}
