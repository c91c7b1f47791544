package io.proconsul.serf;

import io.proconsul.serf.memberlist.MalformedPacketException;
import io.proconsul.serf.memberlist.WireReader;
import io.proconsul.serf.memberlist.WireWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's tags as memberlist metadata: a count and key/value strings, sorted by key so that equal tags
 * always encode to equal bytes (memberlist compares metadata bytes to detect updates). Stateless.
 */
final class TagCodec {

    private TagCodec() {}

    static byte[] encode(Map<String, String> tags) {
        WireWriter w = new WireWriter().u16(tags.size());
        new TreeMap<>(tags).forEach((k, v) -> w.str(k).str(v));
        return w.toByteArray();
    }

    /** Decodes tags; undecodable metadata yields no tags rather than an error, as serf does. */
    static Map<String, String> decode(byte[] meta) {
        if (meta.length == 0) {
            return Map.of();
        }
        try {
            WireReader r = new WireReader(meta, 0, meta.length);
            int n = r.u16();
            Map<String, String> tags = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                tags.put(r.str(1024), r.str(1024));
            }
            return tags;
        } catch (MalformedPacketException e) {
            return Map.of();
        }
    }
}
