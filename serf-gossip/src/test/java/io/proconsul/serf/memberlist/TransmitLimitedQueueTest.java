package io.proconsul.serf.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransmitLimitedQueueTest {

    @Test
    void eachBroadcastIsSentRetransmitLimitTimesThenFinishes() {
        // 4 * ceil(log10(10 + 1)) = 8 transmissions in a cluster of 10.
        TransmitLimitedQueue q = new TransmitLimitedQueue(4, () -> 10);
        List<String> finished = new ArrayList<>();
        q.queue("a", new byte[] {1}, () -> finished.add("a"));
        int sends = 0;
        while (!q.take(2, 1400).isEmpty()) {
            sends++;
        }
        assertThat(sends).isEqualTo(8);
        assertThat(finished).containsExactly("a");
        assertThat(q.size()).isZero();
    }

    @Test
    void newsAboutTheSameNodeReplacesTheQueuedOne() {
        TransmitLimitedQueue q = new TransmitLimitedQueue(4, () -> 3);
        List<String> finished = new ArrayList<>();
        q.queue("node-1", new byte[] {1}, () -> finished.add("old"));
        q.queue("node-1", new byte[] {2}, null);
        q.queue(null, new byte[] {3}, null);
        q.queue(null, new byte[] {4}, null);
        assertThat(finished).containsExactly("old");
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.take(2, 1400)).extracting(b -> b[0]).containsExactlyInAnyOrder((byte) 2, (byte) 3, (byte) 4);
    }

    @Test
    void takesOnlyWhatFitsAndTheLeastSentFirst() {
        TransmitLimitedQueue q = new TransmitLimitedQueue(4, () -> 100);
        q.queue(null, new byte[600], null);
        q.queue(null, new byte[600], null);
        assertThat(q.take(2, 1000)).hasSize(1);
        // The one not yet sent goes first now.
        List<byte[]> next = q.take(2, 700);
        assertThat(next).hasSize(1);
        assertThat(q.take(2, 1400)).hasSize(2);
    }
}
