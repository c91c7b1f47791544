package io.proconsul.core.local;

/**
 * The service or check an operation names is not registered on this agent. The message is Consul's text
 * for the case (for example {@code Unknown check ID "x". Ensure that the check ID is passed, not the check
 * name.}); the HTTP API answers it with 404 and the message as the body.
 */
public final class NotRegisteredException extends RuntimeException {

    public NotRegisteredException(String message) {
        super(message, null, false, false);
    }

    static NotRegisteredException check(String checkId) {
        return new NotRegisteredException("Unknown check ID \"" + checkId
                + "\". Ensure that the check ID is passed, not the check name.");
    }

    static NotRegisteredException service(String serviceId) {
        return new NotRegisteredException("Unknown service ID \"" + serviceId
                + "\". Ensure that the service ID is passed, not the service name.");
    }

    /** Consul's answer to maintenance mode for a service it does not have. */
    static NotRegisteredException maintenance(String serviceId) {
        return new NotRegisteredException("No service registered with ID \"" + serviceId + "\"");
    }
}
