/**
 * The agent side of {@code consul exec} (Consul's {@code agent/remote_exec.go}): on a matching {@code _rexec}
 * user event, read the job from the KV store, run it, and report acknowledgement, output and exit code back
 * under keys locked by the job's session, so they vanish with it.
 */
package io.proconsul.core.exec;
