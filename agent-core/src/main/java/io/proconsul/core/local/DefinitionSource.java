package io.proconsul.core.local;

/**
 * Where a service or check came from, Consul's {@code configSource}: it decides whether script checks
 * are allowed ({@code enable_local_script_checks} covers config files only), whether the entry is
 * persisted in the data dir (API ones only: config files are read again at start) and which entries a
 * reload may replace (config-file ones only).
 */
public enum DefinitionSource {
    /** A {@code service {}} / {@code check {}} block of a config file (Consul's {@code ConfigSourceLocal}). */
    CONFIG,
    /** {@code PUT /v1/agent/service|check/register} (Consul's {@code ConfigSourceRemote}). */
    API
}
