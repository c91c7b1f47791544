package io.proconsul.core.event;

import java.util.Optional;

/**
 * The Raft leader changed as this server sees it.
 *
 * @param leader the new leader's RPC address ({@code ip:port}), empty while there is none
 * @param self whether this server is now the leader
 */
public record LeaderChanged(Optional<String> leader, boolean self, long term) implements Event {}
