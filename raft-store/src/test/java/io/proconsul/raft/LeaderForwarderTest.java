package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

/** A forwarded write is resent only when the leader provably did not take it. */
class LeaderForwarderTest {

    @Test
    void resendsAfterRedirectsAndRefusedConnectionsOnly() {
        assertThat(retries(1, new CompletionException(new NotLeaderException(null, null, null)))).isTrue();
        assertThat(retries(1, new ConnectException("refused"))).isTrue();
        assertThat(retries(1, new TimeoutIOException("no reply"))).isFalse();
        assertThat(retries(1, new IllegalStateException("unknown"))).isFalse();
        assertThat(retries(30, new ConnectException("refused"))).isFalse();
    }

    @Test
    void leaderNotReadyIsRetried() {
        RaftGroupMemberId member = RaftGroupMemberId.valueOf(RaftPeerId.valueOf("s1"), RaftGroupId.randomId());
        assertThat(retries(2, new LeaderNotReadyException(member))).isTrue();
    }

    private static boolean retries(int attempt, Throwable cause) {
        RetryPolicy.Event event = new RetryPolicy.Event() {
            @Override
            public int getAttemptCount() {
                return attempt;
            }

            @Override
            public Throwable getCause() {
                return cause;
            }
        };
        return LeaderForwarder.RETRY_IF_NOT_SENT.handleAttemptFailure(event).shouldRetry();
    }
}
