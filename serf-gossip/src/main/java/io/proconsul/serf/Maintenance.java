package io.proconsul.serf;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.memberlist.Memberlist;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * serf's background duties for one pool: reaping failed and left members after their timeouts, bounding
 * the intent queue, retrying failed members (so a healed partition merges again) and, after a restart,
 * rejoining the members remembered in the snapshot. {@link #reap()} and {@link #reconnect()} run on the
 * gossip thread; {@link #rejoin} runs on a thread of its own, since it waits for each attempt.
 */
final class Maintenance {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    /** serf's {@code MaxQueueDepth}. */
    private static final int MAX_QUEUE_DEPTH = 4096;

    private final SerfConfig config;
    private final MemberTable table;
    private final TransmitLimitedQueue intents;
    private final Memberlist memberlist;
    private final BooleanSupplier alive;

    Maintenance(SerfConfig config, MemberTable table, TransmitLimitedQueue intents, Memberlist memberlist,
            BooleanSupplier alive) {
        this.config = config;
        this.table = table;
        this.intents = intents;
        this.memberlist = memberlist;
        this.alive = alive;
    }

    static String hostPort(Member m) {
        return (m.addr().contains(":") ? "[" + m.addr() + "]" : m.addr()) + ":" + m.port();
    }

    void reap() {
        SerfTiming t = config.serf();
        table.reap(t.reconnectTimeout(), t.tombstoneTimeout(), t.recentIntentTimeout());
        if (intents.size() > MAX_QUEUE_DEPTH) {
            log.warn("serf: intent queue depth ({}) exceeds limit ({}), dropping messages!", intents.size(),
                    MAX_QUEUE_DEPTH);
            intents.prune(MAX_QUEUE_DEPTH);
        }
    }

    /** Now and then retries one failed member, the more often the larger the failed share. */
    void reconnect() {
        Member failed = table.randomFailed();
        if (failed == null || !alive.getAsBoolean()) {
            return;
        }
        double aliveCount = Math.max(1, table.count(MemberStatus.ALIVE));
        if (ThreadLocalRandom.current().nextDouble() > table.count(MemberStatus.FAILED) / aliveCount) {
            return;
        }
        log.info("serf: attempting reconnect to {} {}", failed.name(), hostPort(failed));
        memberlist.join(List.of(hostPort(failed)), config.defaultPort());
    }

    /** Tries the remembered members one at a time, in random order, until one answers. Blocks. */
    void rejoin(Map<String, String> previous) {
        List<Map.Entry<String, String>> order = new ArrayList<>(previous.entrySet());
        Collections.shuffle(order);
        for (Map.Entry<String, String> prev : order) {
            if (prev.getKey().equals(config.nodeName()) || !alive.getAsBoolean()) {
                continue;
            }
            log.info("serf: attempting re-join to previously known node: {}: {}", prev.getKey(), prev.getValue());
            try {
                memberlist.join(List.of(prev.getValue()), config.defaultPort()).get();
                log.info("serf: re-joined to previously known node: {}", prev.getKey());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                log.debug("serf: re-join to {} failed: {}", prev.getKey(), e.getCause().getMessage());
            }
        }
        log.warn("serf: failed to re-join any previously known node");
    }
}
