package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.CatalogRegister;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** A database written before the catalog existed (only kvs, tombstones and meta) still opens and grows. */
class StateStoreUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void databaseWithOnlyTheKvFamiliesOpensWithTheCatalogAdded() throws Exception {
        writeOldDatabase();
        try (StateStore store = new StateStore(dir)) {
            KvEntry old = new KvTable(store).kvGet("old/key").value().orElseThrow();
            assertThat(old.value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
            assertThat(store.appliedIndex()).isZero();

            new CatalogTable(store).ensureRegistration(8,
                    new CatalogRegister("n1", "", "10.0.0.1", null, null, null, null, false));
            assertThat(new CatalogTable(store).nodes().value()).extracting(Node::node).containsExactly("n1");
            new KvTable(store).kvSet(9, "old/key", "w".getBytes(StandardCharsets.UTF_8), 0);
        }
        try (StateStore reopened = new StateStore(dir)) {
            assertThat(new CatalogTable(reopened).nodes().value()).extracting(Node::node).containsExactly("n1");
            assertThat(new KvTable(reopened).kvGet("old/key").value()).map(KvEntry::modifyIndex).contains(9L);
        }
    }

    /** The layout of the first release: default, kvs, tombstones, meta; one KV row written as it did. */
    private void writeOldDatabase() throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String name : List.of("kvs", "tombstones", "meta")) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
                RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            KvEntry e = new KvEntry(0, "old/key", 0, "v".getBytes(StandardCharsets.UTF_8), "", 5, 5);
            db.put(handles.get(1), KvEntryCodec.key(e.key()), KvEntryCodec.encode(e));
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
