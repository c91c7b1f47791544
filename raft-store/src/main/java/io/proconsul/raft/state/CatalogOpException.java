package io.proconsul.raft.state;

/**
 * A catalog write Consul refuses in its state store (a check on a service the node does not have, a check
 * naming another node): a business failure that rolls the entry's transaction back, with Consul's text.
 */
public final class CatalogOpException extends RuntimeException {

    public CatalogOpException(String message) {
        super(message, null, false, false);
    }
}
