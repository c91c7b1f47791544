/**
 * {@code consul exec}: runs a command on the agents whose filters match, through a session, the KV store and a
 * {@code _rexec} user event, and prints what each node reports.
 */
package io.proconsul.cli.command.exec;
