/** {@code consul event}: fires a user event through the agent's HTTP API. */
package io.proconsul.cli.command.event;
