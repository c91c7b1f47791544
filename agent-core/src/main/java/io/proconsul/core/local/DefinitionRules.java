package io.proconsul.core.local;

import io.proconsul.core.config.AgentConfig;

/**
 * What {@link LocalAgent} refuses before registering a definition: Consul's {@code CheckType.Validate}
 * (also checked by {@link DefinitionDecoder} for decoded definitions; repeated here for definitions built
 * in code) and the script-check switches of {@code agent.go validateCheck}, whose texts are Consul's.
 * Immutable.
 */
final class DefinitionRules {

    static final String SCRIPTS_DISABLED = "Scripts are disabled on this agent; to enable, configure "
            + "'enable_script_checks' or 'enable_local_script_checks' to true";
    static final String SCRIPTS_DISABLED_REMOTE = "Scripts are disabled on this agent from remote calls; "
            + "to enable, configure 'enable_script_checks' to true";

    private final AgentConfig.Discovery discovery;

    DefinitionRules(AgentConfig.Discovery discovery) {
        this.discovery = discovery;
    }

    void validate(ServiceDefinition s, DefinitionSource source) {
        if (s.name().isEmpty()) {
            throw new DefinitionException("", "Missing service name");
        }
        s.checks().forEach(c -> validate(c, source));
    }

    /**
     * A check must have a kind with its timing; a script check needs {@code enable_script_checks}, or
     * {@code enable_local_script_checks} when it comes from a config file.
     */
    void validate(CheckDefinition c, DefinitionSource source) {
        String type = c.type();
        if (type.isEmpty()) {
            throw new DefinitionException("", "Must provide TTL or Script/HTTP/TCP/GRPC and Interval");
        }
        if (type.equals("ttl") && (c.ttl().isZero() || c.ttl().isNegative())) {
            throw new DefinitionException("TTL", "TTL must be > 0 for TTL checks");
        }
        if (!type.equals("ttl") && (c.interval() == null || c.interval().isZero() || c.interval().isNegative())) {
            throw new DefinitionException("Interval", "Interval must be > 0 for Script, HTTP, or TCP checks");
        }
        if (type.equals("script")) {
            if (source == DefinitionSource.CONFIG && !discovery.enableLocalScriptChecks()
                    && !discovery.enableScriptChecks()) {
                throw new IllegalArgumentException(SCRIPTS_DISABLED);
            }
            if (source == DefinitionSource.API && !discovery.enableScriptChecks()) {
                throw new IllegalArgumentException(SCRIPTS_DISABLED_REMOTE);
            }
        }
    }
}
