package io.proconsul.serf.memberlist;

/**
 * A packet or frame that is not a well-formed message of this protocol: truncated, oversized, of another
 * protocol or version, or with trailing bytes. The receiver drops it and counts it; it is never fatal.
 */
public final class MalformedPacketException extends Exception {

    /** Why the packet was refused; each kind has its own counter. */
    public enum Kind { FOREIGN, VERSION, OVERSIZED, MALFORMED }

    private final Kind kind;

    public MalformedPacketException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
