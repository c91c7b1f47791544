package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.Txn;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** The leader's lock-delay check on encoded writes, on a clock the test moves. */
class LockDelaysTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LockDelays delays = new LockDelays(now::get);

    @Test
    void anAcquireOfADelayedKeyIsReplacedByAFalseAnswerUntilTheDelayPasses() {
        ByteString lock = encode(new KvApply(new KvOp(KvVerb.LOCK, "k", null, 0, 0, "s")));
        assertThat(delays.refusal(lock)).isNull();
        delays.record(Map.of("k", 500L));

        assertThat(decode(delays.refusal(lock))).isEqualTo(new LogCommand.PreApplyRefused(false));
        // Only acquires wait: other writes to the key, and acquires of other keys, go through.
        assertThat(delays.refusal(encode(new KvApply(KvOp.set("k", null, 0))))).isNull();
        assertThat(delays.refusal(encode(new KvApply(new KvOp(KvVerb.LOCK, "other", null, 0, 0, "s"))))).isNull();

        now.addAndGet(499);
        assertThat(delays.refusal(lock)).isNotNull();
        now.addAndGet(1);
        assertThat(delays.refusal(lock)).isNull();
        assertThat(delays.delayed("k")).isFalse();
    }

    @Test
    void aTransactionGetsConsulsErrorForEachDelayedLock() {
        delays.record(Map.of("a", 100L, "c", 100L));
        ByteString txn = encode(new Txn(List.of(new KvOp(KvVerb.LOCK, "a", null, 0, 0, "s"), KvOp.set("b", null, 0),
                new KvOp(KvVerb.LOCK, "c", null, 0, 0, "s"))));
        LogCommand.PreApplyRefused refused = (LogCommand.PreApplyRefused) decode(delays.refusal(txn));
        assertThat(((TxnResult) refused.result()).errors()).extracting(e -> e.opIndex() + " " + e.what())
                .containsExactly("0 failed to lock key \"a\" due to lock delay",
                        "2 failed to lock key \"c\" due to lock delay");
    }

    @Test
    void aLaterInvalidationNeverShortensADelay() {
        delays.record(Map.of("k", 1_000L));
        delays.record(Map.of("k", 10L));
        now.addAndGet(500);
        assertThat(delays.delayed("k")).isTrue();
    }

    private static ByteString encode(io.proconsul.core.store.Command<?> c) {
        return ByteString.copyFrom(CommandCodec.encode(new LogCommand.Client(c)));
    }

    private static LogCommand decode(ByteString b) {
        return CommandCodec.decode(b.toByteArray());
    }
}
