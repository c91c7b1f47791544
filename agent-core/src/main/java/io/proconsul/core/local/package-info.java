/**
 * The agent's local state (Consul's {@code agent/local} and the service/check half of {@code agent.go}):
 * the services and checks registered on this agent, from config files or the HTTP API.
 *
 * <p>{@link io.proconsul.core.local.LocalAgent} holds them and runs their checks through
 * {@link io.proconsul.core.check.CheckRunners}; {@code LocalFiles} keeps the API-registered ones (and
 * the TTL checks' last state) under {@code <data_dir>/services} and {@code <data_dir>/checks};
 * {@code AntiEntropy} keeps the catalog's entry for this node equal to them through
 * {@link io.proconsul.core.store.Store}; {@code CriticalReaper} applies
 * {@code deregister_critical_service_after}. Definitions arrive as
 * {@link io.proconsul.core.local.ServiceDefinition} / {@link io.proconsul.core.local.CheckDefinition},
 * decoded by {@link io.proconsul.core.local.DefinitionDecoder}.
 */
package io.proconsul.core.local;
