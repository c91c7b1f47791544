package io.proconsul.core.membership;

/**
 * A member's gossip status, with serf's numeric codes as {@code /v1/agent/members} reports them in
 * {@code Status}.
 */
public enum MemberStatus {
    NONE(0, "none"),
    ALIVE(1, "alive"),
    LEAVING(2, "leaving"),
    LEFT(3, "left"),
    FAILED(4, "failed");

    private final int code;
    private final String text;

    MemberStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** Serf's number for the status: the {@code Status} field of Consul's member JSON. */
    public int code() {
        return code;
    }

    /** The word {@code consul members} prints. */
    public String text() {
        return text;
    }
}
