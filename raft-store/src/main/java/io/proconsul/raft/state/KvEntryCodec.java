package io.proconsul.raft.state;

import io.proconsul.core.model.KvEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a KV entry in the {@code kvs} column family (the key is the row key). A leading
 * version byte lets the layout change without a migration of old snapshots.
 */
final class KvEntryCodec {

    private static final byte VERSION = 1;

    private KvEntryCodec() {}

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encode(KvEntry e) {
        byte[] session = e.session().getBytes(StandardCharsets.UTF_8);
        int valueLen = e.value() == null ? 0 : e.value().length;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 * 4 + 4 + session.length + 4 + valueLen);
        b.put(VERSION).putLong(e.createIndex()).putLong(e.modifyIndex()).putLong(e.lockIndex()).putLong(e.flags());
        b.putInt(session.length).put(session);
        b.putInt(e.value() == null ? -1 : valueLen);
        if (e.value() != null) {
            b.put(e.value());
        }
        return b.array();
    }

    static KvEntry decode(byte[] rowKey, byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalStateException("unknown kvs row version " + version);
        }
        long create = b.getLong();
        long modify = b.getLong();
        long lock = b.getLong();
        long flags = b.getLong();
        byte[] session = new byte[b.getInt()];
        b.get(session);
        int valueLen = b.getInt();
        byte[] value = null;
        if (valueLen >= 0) {
            value = new byte[valueLen];
            b.get(value);
        }
        return new KvEntry(lock, new String(rowKey, StandardCharsets.UTF_8), flags, value,
                new String(session, StandardCharsets.UTF_8), create, modify);
    }
}
