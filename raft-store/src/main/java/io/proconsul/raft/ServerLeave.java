package io.proconsul.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's graceful leave (Consul's {@code Server.Leave}): before the agent leaves gossip, the server
 * takes itself out of the Raft configuration so that the others keep a quorum without it. A leader first
 * hands leadership to its most up-to-date follower; a follower asks the leader to remove it; a lone server
 * just stops. Afterwards the local group is closed (its files stay for a restart), so this server answers
 * "No cluster leader" and takes no part in Raft until it is restarted.
 *
 * <p>The steps wait on the network, so they run on a thread of their own.
 */
final class ServerLeave {

    private static final Logger log = LoggerFactory.getLogger(ServerLeave.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

    private final RaftServer server;
    private final RaftView view;
    private final LeaderAdmin admin;
    private final Membership membership;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    ServerLeave(RaftServer server, RaftView view, LeaderAdmin admin, Membership membership, RaftGroupId groupId,
            RaftPeerId self) {
        this.server = server;
        this.view = view;
        this.admin = admin;
        this.membership = membership;
        this.groupId = groupId;
        this.self = self;
    }

    CompletableFuture<Void> leave() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                leaveNow();
                done.complete(null);
            } catch (RuntimeException | IOException e) {
                done.completeExceptionally(e);
            }
        }, "raft-leave");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private void leaveNow() throws IOException {
        if (view.division().isEmpty()) {
            return;
        }
        List<RaftPeer> voters = view.voters();
        boolean voter = voters.stream().anyMatch(p -> p.getId().equals(self));
        if (voter && voters.size() > 1) {
            if (view.isLeader() && !transferLeadership(voters)) {
                // No follower took over: remove ourselves as leader; Ratis steps down once that commits.
                log.info("raft: leadership transfer failed, removing this leader from the configuration");
                await(membership.removeVoter(self));
            } else {
                log.info("raft: asking the leader to remove this server from the configuration");
                await(admin.removeVoter(self));
            }
        } else {
            log.info("raft: leaving as the only server, nothing to hand over");
        }
        closeGroup();
        log.info("raft: left the cluster");
    }

    /**
     * Closes the local group, keeping its files for a restart. Ratis may have closed it already: a member
     * that learns it was removed shuts its division down.
     */
    private void closeGroup() {
        try {
            server.groupManagement(GroupManagementRequest.newRemove(clientId, self, callIds.incrementAndGet(), groupId,
                    false, false));
        } catch (IOException e) {
            log.debug("raft: group already closed: {}", e.getMessage());
        }
    }

    /** Hands leadership to the follower holding the most of the log; true once another server leads. */
    private boolean transferLeadership(List<RaftPeer> voters) {
        Map<RaftPeerId, FollowerProgress.Progress> progress =
                view.division().map(FollowerProgress::of).orElse(Map.of());
        RaftPeer target = voters.stream().filter(p -> !p.getId().equals(self))
                .max(Comparator.comparingLong(p -> progress.containsKey(p.getId())
                        ? progress.get(p.getId()).lastIndex() : -1))
                .orElseThrow();
        log.info("raft: transferring leadership to {} before leaving", target.getId());
        try {
            RaftClientReply reply = server.transferLeadershipAsync(new TransferLeadershipRequest(clientId, self,
                    groupId, callIds.incrementAndGet(), target.getId(), STEP_TIMEOUT.toMillis()))
                    .get(STEP_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (!reply.isSuccess()) {
                return false;
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            log.warn("raft: leadership transfer to {} failed: {}", target.getId(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (view.leader().filter(l -> !l.getId().equals(self)).isPresent()) {
                return true;
            }
            sleep();
        }
        return false;
    }

    private static void await(CompletableFuture<Void> change) throws IOException {
        try {
            change.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while leaving");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("failed to remove this server from the Raft configuration: " + cause.getMessage(),
                    cause);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while leaving"));
        }
    }
}
