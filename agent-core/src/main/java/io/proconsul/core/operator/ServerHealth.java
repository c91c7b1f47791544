package io.proconsul.core.operator;

import java.time.Duration;
import java.time.Instant;

/**
 * One server's health from the leader's point of view (Consul's {@code ServerHealth}).
 *
 * @param serfStatus the member's gossip status word: {@code alive}, {@code failed}, {@code left}, ...
 * @param lastContact time since the server last heard from the leader; zero on the leader
 * @param stableSince when {@code healthy} last changed
 */
public record ServerHealth(
        String id,
        String name,
        String address,
        String serfStatus,
        String version,
        boolean leader,
        Duration lastContact,
        long lastTerm,
        long lastIndex,
        boolean healthy,
        boolean voter,
        Instant stableSince) {}
