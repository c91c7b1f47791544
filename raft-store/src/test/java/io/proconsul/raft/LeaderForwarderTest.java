package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.raft.client.ServerRpc;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A forwarded write is resent only when the server provably did not take it. */
class LeaderForwarderTest {

    static Stream<Arguments> failures() {
        RaftGroupMemberId member = RaftGroupMemberId.valueOf(RaftPeerId.valueOf("s1"), RaftGroupId.randomId());
        return Stream.of(
                Arguments.of(new NotLeaderException(member, null, null), true),
                Arguments.of(new LeaderNotReadyException(member), true),
                Arguments.of(new ServerRpc.NotSentException(new ConnectException("refused")), true),
                // Sent, and then no answer or the connection went: the write may be in the log.
                Arguments.of(new TimeoutIOException("no reply"), false),
                Arguments.of(new AlreadyClosedException("connection closed while waiting"), false),
                Arguments.of(new IllegalStateException("unknown"), false));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void resendsOnlyWhatWasProvablyNotTaken(Throwable failure, boolean resent) {
        assertThat(LeaderForwarder.notTaken(failure)).isEqualTo(resent);
    }
}
