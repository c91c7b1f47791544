package io.proconsul.core.local;

/**
 * A service or check definition that cannot be decoded or is invalid. {@link #key()} is the path of the
 * offending key as the operator wrote it ({@code checks[1].interval}, {@code Check.TTL}; {@code ""} for the
 * definition as a whole) and {@link #reason()} the bare reason, in Consul's words where Consul has them
 * ({@code TTL must be > 0 for TTL checks}), so that each front end can wrap it as Consul does: the HTTP API
 * answers 400 with {@code Invalid check: <reason>}, the config loader names the file and the key.
 */
public final class DefinitionException extends IllegalArgumentException {

    private final String key;
    private final String reason;

    public DefinitionException(String key, String reason) {
        super(key.isEmpty() ? reason : key + ": " + reason);
        this.key = key;
        this.reason = reason;
    }

    /** The path of the key at fault; {@code ""} when the definition as a whole is. */
    public String key() {
        return key;
    }

    /** The reason without the key. */
    public String reason() {
        return reason;
    }
}
