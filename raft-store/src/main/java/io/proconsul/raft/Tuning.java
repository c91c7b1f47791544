package io.proconsul.raft;

import java.time.Duration;

/**
 * Knobs that Consul fixes but tests need to turn: the tombstone TTL and its bucket granularity, and
 * how the Raft log is cut into segments (only whole segments are purged after a snapshot).
 *
 * @param logSegmentBytes maximum size of a log segment; 0 keeps Ratis's default
 * @param purgeGap how many entries must be purgeable before a purge runs; 0 keeps Ratis's default
 */
record Tuning(Duration tombstoneTtl, Duration tombstoneGranularity, long logSegmentBytes, int purgeGap) {

    /** Consul's tombstone GC timing (15 min TTL, 30 s granularity) and Ratis's log defaults. */
    static final Tuning DEFAULTS = new Tuning(TombstoneReaper.TTL, TombstoneReaper.GRANULARITY, 0, 0);
}
