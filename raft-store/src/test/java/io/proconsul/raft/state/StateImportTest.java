package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.model.KvEntry;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.snapshot.StateBin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export from one real store and the restore steps applied to another at explicit Raft indexes: the same
 * rows with the same indexes, the index offset that puts later writes above the archive, a commit that
 * starts over from the staging whatever a crash left in the tables, a replayed commit that does nothing,
 * and steps that do not apply.
 */
class StateImportTest {

    @TempDir
    Path dir;

    private StateStore source;
    private StateStore target;

    @BeforeEach
    void open() throws Exception {
        source = new StateStore(dir.resolve("source"));
        target = new StateStore(dir.resolve("target"));
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    @Test
    void restoredRowsKeepTheirIndexesAndLaterWritesGoAbove() throws Exception {
        KvTable from = new KvTable(source);
        from.kvSet(3, "a", bytes("1"), 0);
        from.kvSet(5, "b", bytes("2"), 7);
        from.kvSet(9, "c", bytes("3"), 0);
        from.kvDelete(12, "c");
        Archive archive = export(source);
        assertThat(archive.exported().index()).isEqualTo(12);
        new KvTable(target).kvSet(1, "only-in-target", bytes("x"), 0);

        assertThat(step(target, 2, new RestoreStep.Begin("r1"))).isNull();
        assertThat(step(target, 3, new RestoreStep.Chunk("r1", archive.count(), archive.chunk()))).isNull();
        // What a crash in the middle of a commit can leave in the tables: the commit must not care.
        new KvTable(target).kvSet(4, "half-copied", bytes("junk"), 0);
        assertThat(step(target, 5, new RestoreStep.Commit("r1", archive.count(), archive.exported().index())))
                .isNull();

        KvTable to = new KvTable(target);
        assertThat(render(to.kvList("").value())).containsExactlyElementsOf(render(from.kvList("").value()));
        assertThat(to.kvList("").index()).isEqualTo(from.kvList("").index()).isEqualTo(12);
        assertThat(target.stateIndex()).isEqualTo(12);
        assertThat(target.appliedIndex()).isEqualTo(5);
        to.kvSet(6, "after", bytes("y"), 0);
        assertThat(to.kvGet("after").value().orElseThrow().createIndex()).isEqualTo(13);

        // Replayed after a crash that lost the applied index but kept the final batch: nothing to do.
        List<String> before = render(to.kvList("").value());
        assertThat(step(target, 5, new RestoreStep.Commit("r1", archive.count(), archive.exported().index())))
                .isNull();
        assertThat(render(to.kvList("").value())).isEqualTo(before);
    }

    @Test
    void stepsOfAnotherRestoreOrAnIncompleteOneChangeNothing() throws Exception {
        new KvTable(source).kvSet(3, "a", bytes("1"), 0);
        Archive archive = export(source);
        KvTable to = new KvTable(target);
        to.kvSet(1, "keep", bytes("k"), 0);
        step(target, 2, new RestoreStep.Begin("first"));
        step(target, 3, new RestoreStep.Begin("second"));

        Object stale = step(target, 4, new RestoreStep.Chunk("first", archive.count(), archive.chunk()));
        Object incomplete = step(target, 5, new RestoreStep.Commit("second", archive.count(), 3));

        assertThat(stale).isInstanceOf(ResultCodec.Failed.class);
        assertThat(incomplete).isEqualTo(new ResultCodec.Failed(
                "snapshot restore incomplete: 0 of " + archive.count() + " records staged"));
        assertThat(to.kvList("").value()).extracting(KvEntry::key).containsExactly("keep");
        step(target, 6, new RestoreStep.Abort("second"));
        assertThat(step(target, 7, new RestoreStep.Commit("second", 0, 3))).isInstanceOf(ResultCodec.Failed.class);
        assertThat(to.kvList("").value()).extracting(KvEntry::key).containsExactly("keep");
    }

    private record Archive(StateExport.Exported exported, int count, byte[] chunk) {}

    /** The source's state.bin, packed into one chunk body as the uploader packs them. */
    private static Archive export(StateStore store) throws Exception {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        StateExport.Exported exported = StateExport.export(store, new StateBin.Writer(bin));
        StateBin.Reader reader = new StateBin.Reader(new ByteArrayInputStream(bin.toByteArray()));
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(chunk);
        int count = 0;
        StateBin.Entry e;
        while ((e = reader.next()) != null) {
            byte[] family = e.family().getBytes(StandardCharsets.UTF_8);
            out.writeShort(family.length);
            out.write(family);
            out.writeInt(e.key().length);
            out.write(e.key());
            out.writeInt(e.value().length);
            out.write(e.value());
            count++;
        }
        assertThat(exported.records()).isEqualTo(count);
        return new Archive(exported, count, chunk.toByteArray());
    }

    private static Object step(StateStore store, long raftIndex, RestoreStep step) {
        RestoreStep decoded = RestoreStep.decode(RestoreStep.encode(step));
        try (WriteTx tx = store.begin(1, raftIndex)) {
            Object result = new StateImport(store).apply(tx, decoded);
            store.commit(tx);
            return result;
        }
    }

    private static List<String> render(List<KvEntry> entries) {
        return entries.stream().map(e -> e.key() + "|" + e.flags() + "|" + new String(e.value(), StandardCharsets.UTF_8)
                + "|" + e.createIndex() + "|" + e.modifyIndex()).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
