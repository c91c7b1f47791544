package io.proconsul.raft.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.Txn;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

    @Test
    void kvApplyRoundTripsEveryField() {
        KvOp op = new KvOp(KvVerb.LOCK, "ключ/ü", bytes("v"), -1L, 42, "sess");
        LogCommand decoded = CommandCodec.decode(CommandCodec.encode(new LogCommand.Client(new KvApply(op))));
        KvOp back = ((KvApply) ((LogCommand.Client) decoded).command()).op();
        assertThat(back.verb()).isEqualTo(KvVerb.LOCK);
        assertThat(back.key()).isEqualTo("ключ/ü");
        assertThat(back.value()).isEqualTo(bytes("v"));
        assertThat(back.flags()).isEqualTo(-1L);
        assertThat(back.index()).isEqualTo(42);
        assertThat(back.session()).isEqualTo("sess");
    }

    @Test
    void autopilotSetConfigRoundTripsEveryFieldButTheIndexes() {
        AutopilotConfig c = new AutopilotConfig(false, java.time.Duration.ofNanos(1_500_001), 77, 3,
                java.time.Duration.ofSeconds(4), 8, 9);
        AutopilotSetConfig back = (AutopilotSetConfig) ((LogCommand.Client) CommandCodec.decode(
                CommandCodec.encode(new LogCommand.Client(new AutopilotSetConfig(c, 12))))).command();
        assertThat(back.casIndex()).isEqualTo(12);
        assertThat(back.config()).isEqualTo(new AutopilotConfig(false, java.time.Duration.ofNanos(1_500_001), 77, 3,
                java.time.Duration.ofSeconds(4), 0, 0));
    }

    @Test
    void txnAndInternalCommandsRoundTrip() {
        Txn txn = new Txn(List.of(KvOp.set("a", null, 0), KvOp.deleteTree("b/"),
                new KvOp(KvVerb.CHECK_INDEX, "c", null, 0, 9, "")));
        Txn back = (Txn) ((LogCommand.Client) CommandCodec.decode(
                CommandCodec.encode(new LogCommand.Client(txn)))).command();
        assertThat(back.ops()).hasSize(3);
        assertThat(((KvOp) back.ops().get(0)).value()).isNull();
        assertThat(((KvOp) back.ops().get(2)).index()).isEqualTo(9);
        assertThat(CommandCodec.decode(CommandCodec.encode(new LogCommand.ReapTombstones(77))))
                .isEqualTo(new LogCommand.ReapTombstones(77));
    }

    @Test
    void undecodableEntriesAreRejected() {
        byte[] good = CommandCodec.encode(new LogCommand.Client(new KvApply(KvOp.set("k", bytes("v"), 0))));
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(new byte[0]));
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(new byte[] {9, 1}));
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(new byte[] {1, 99}));
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(Arrays.copyOf(good, good.length - 3)));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(trailing));
    }

    @Test
    void resultsRoundTrip() {
        TxnResult txn = new TxnResult(List.of(new KvEntry(1, "k", 2, null, "s", 3, 4),
                new KvEntry(0, "v", 0, bytes("x"), "", 5, 6)), List.of(), 6);
        assertThat(ResultCodec.decode(ResultCodec.encode(txn))).isEqualTo(txn);
        TxnResult failed = new TxnResult(List.of(), List.of(new TxnError(3, "key \"x\" exists")), 7);
        assertThat(ResultCodec.decode(ResultCodec.encode(failed))).isEqualTo(failed);
        assertThat(ResultCodec.decode(ResultCodec.encode(Boolean.FALSE))).isEqualTo(false);
        assertThat(ResultCodec.decode(ResultCodec.encode(null))).isNull();
        assertThat(ResultCodec.decode(ResultCodec.encode(new ResultCodec.Failed("missing session"))))
                .isEqualTo(new ResultCodec.Failed("missing session"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
