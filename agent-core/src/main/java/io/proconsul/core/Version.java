package io.proconsul.core;

/**
 * Version facts shown by {@code version}, {@code /v1/agent/self}, {@code /v1/agent/version}, the start-up
 * banner and gossip tags.
 *
 * <p>{@link #CONSUL} is the Consul release whose API this build implements. It is what Consul clients see
 * where Consul reports its own version, because clients gate features on it; {@link #PRODUCT} is
 * Proconsul's own version and appears wherever Consul shows a revision.
 */
public final class Version {

    /** The Consul version whose behaviour this build matches. */
    public static final String CONSUL = "1.20.0";

    /** Proconsul's own release. */
    public static final String PRODUCT = "0.1.0";

    /** Where Consul shows its git revision: identifies the implementation. */
    public static final String REVISION = "proconsul-" + PRODUCT;

    /** Consul's gossip protocol range, shown by {@code version} and in member records. */
    public static final int PROTOCOL_MIN = 1;
    public static final int PROTOCOL_MAX = 5;
    public static final int PROTOCOL_CURRENT = 2;

    private Version() {}
}
