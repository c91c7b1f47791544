package io.proconsul.core.userevent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The payload of the serf user event that carries a {@link UserEvent} (Consul msgpack-encodes its struct
 * there; we use a compact binary form, as the rest of our gossip does): a format byte, the ID, the name,
 * the payload, the three filters and the version. The Lamport time is the serf event's, not encoded.
 * Stateless.
 */
final class UserEventCodec {

    private static final int FORMAT = 1;
    private static final int MAX_PAYLOAD = 64 * 1024;

    private UserEventCodec() {}

    static byte[] encode(UserEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (e.payload() == null ? 0 : e.payload().length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(e.id());
            out.writeUTF(e.name());
            byte[] p = e.payload() == null ? new byte[0] : e.payload();
            out.writeInt(p.length);
            out.write(p);
            out.writeUTF(e.nodeFilter());
            out.writeUTF(e.serviceFilter());
            out.writeUTF(e.tagFilter());
            out.writeInt(e.version());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** Decodes an event received at {@code ltime}; throws on anything malformed or with trailing bytes. */
    static UserEvent decode(byte[] raw, long ltime) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("unknown user event format " + format);
        }
        String id = in.readUTF();
        String name = in.readUTF();
        int n = in.readInt();
        if (n < 0 || n > MAX_PAYLOAD || n > in.available()) {
            throw new IOException("bad payload length " + n);
        }
        byte[] payload = in.readNBytes(n);
        String node = in.readUTF();
        String service = in.readUTF();
        String tag = in.readUTF();
        int version = in.readInt();
        if (in.available() != 0) {
            throw new IOException("trailing bytes in user event");
        }
        return new UserEvent(id, name, payload, node, service, tag, version, ltime);
    }
}
