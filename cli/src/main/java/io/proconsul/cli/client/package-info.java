/**
 * The command line's only way to the agent: an HTTP client with the conventions of Consul's Go {@code api}
 * package (address and token from flags and {@code CONSUL_*} variables, {@code ?dc}/{@code ?stale}, {@code
 * X-Consul-Token}, error texts such as "Unexpected response code: 403 (Permission denied)"), and {@link
 * io.proconsul.cli.client.KvClient} for {@code /v1/kv}. Commands never call agent internals.
 */
package io.proconsul.cli.client;
