package io.proconsul.serf;

import io.proconsul.core.membership.MemberEvent;
import java.io.IOException;
import java.util.Map;

/**
 * A {@link SerfPool}'s side of serf's snapshot: the pool's Lamport clocks start past what the log recorded
 * before a restart, member events keep its alive list current, and the clocks are written on each flush.
 * Without a snapshot path (serf's {@code SnapshotPath} unset) only the clocks' start applies and every other
 * call does nothing. Opened by {@link SerfPool#start()}, closed by the pool; thread-safe as {@link SnapshotLog}.
 */
final class RejoinSnapshot {

    private final LamportClock clock;
    private final LamportClock eventClock;
    private final LamportClock queryClock;
    private SnapshotLog log;

    RejoinSnapshot(LamportClock clock, LamportClock eventClock, LamportClock queryClock) {
        this.clock = clock;
        this.eventClock = eventClock;
        this.queryClock = queryClock;
    }

    /** Moves the clocks on and replays the log, if any; returns the members to rejoin (name to host:port). */
    Map<String, String> open(SerfConfig config) throws IOException {
        // Start past 0 so that a default join time of 0 never wins; then past anything used before a restart.
        clock.increment();
        eventClock.increment();
        queryClock.increment();
        if (config.snapshotPath() == null) {
            return Map.of();
        }
        log = SnapshotLog.open(config.snapshotPath(), config.rejoinAfterLeave());
        clock.witness(log.lastClock());
        eventClock.witness(log.lastEventClock());
        queryClock.witness(log.lastQueryClock());
        return log.aliveNodes();
    }

    /** User events up to the last one recorded were delivered before the restart: not again. */
    void ignoreOldEvents(UserEventRelay events) {
        if (log != null) {
            events.ignoreBefore(log.lastEventClock() + 1);
        }
    }

    void memberEvent(MemberEvent e) {
        if (log != null) {
            switch (e.type()) {
                case JOIN, UPDATE -> log.alive(e.member().name(), Maintenance.hostPort(e.member()));
                case LEAVE, FAILED, REAP -> log.notAlive(e.member().name());
            }
        }
    }

    /** This member leaves: a restart does not rejoin (unless rejoin_after_leave). */
    void leave() {
        if (log != null) {
            log.leave();
        }
    }

    void flush() {
        if (log != null) {
            log.clocks(clock.time(), eventClock.time(), queryClock.time());
            log.flush();
        }
    }

    void close() {
        if (log != null) {
            log.close();
        }
    }
}
