package io.proconsul.raft.state;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** A {@link ReadView} over committed state through the given read options (usually with a snapshot). */
final class DbReadView implements ReadView {

    private final RocksDB db;
    private final Tables tables;
    private final ReadOptions options;

    DbReadView(RocksDB db, Tables tables, ReadOptions options) {
        this.db = db;
        this.tables = tables;
        this.options = options;
    }

    @Override
    public byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return db.get(cf, options, key);
        } catch (RocksDBException e) {
            throw new StateStoreException("read failed", e);
        }
    }

    @Override
    public void scan(ColumnFamilyHandle cf, byte[] prefix, Visitor visitor) {
        try (RocksIterator it = db.newIterator(cf, options)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!ReadView.startsWith(key, prefix) || !visitor.visit(key, it.value())) {
                    return;
                }
            }
        }
    }

    @Override
    public Tables tables() {
        return tables;
    }
}
