package io.proconsul.cli.command.agent;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.Membership;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The LAN pool as the HTTP API sees it, with Consul's server leave order: a server first leaves the Raft
 * configuration (so the others keep their quorum), then the gossip pool. Everything else is the pool's.
 * The pool's lifecycle stays with the agent: this view's {@link #start()} and {@link #close()} do nothing.
 */
final class LeavingPool implements Membership {

    private final Membership pool;
    private final Supplier<CompletableFuture<Void>> leaveRaft;

    /** @param leaveRaft the server's Raft leave; a completed future on a client agent */
    LeavingPool(Membership pool, Supplier<CompletableFuture<Void>> leaveRaft) {
        this.pool = pool;
        this.leaveRaft = leaveRaft;
    }

    @Override
    public CompletableFuture<Void> leave() {
        return leaveRaft.get().exceptionally(e -> null).thenCompose(v -> pool.leave());
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public void start() {
        // started by the agent as the pool itself
    }

    @Override
    public void close() {
        // closed by the agent as the pool itself
    }

    @Override
    public Member local() {
        return pool.local();
    }

    @Override
    public List<Member> members() {
        return pool.members();
    }

    @Override
    public CompletableFuture<Integer> join(List<String> addresses) {
        return pool.join(addresses);
    }

    @Override
    public CompletableFuture<Void> forceLeave(String node, boolean prune) {
        return pool.forceLeave(node, prune);
    }

    @Override
    public void setTags(Map<String, String> tags) {
        pool.setTags(tags);
    }

    @Override
    public Map<String, String> stats() {
        return pool.stats();
    }
}
