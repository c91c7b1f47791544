/**
 * Consul's user events ({@code consul event}, {@code /v1/event/*}): the {@link io.proconsul.core.userevent.UserEvent}
 * record, its encoding inside a gossip user event, and {@link io.proconsul.core.userevent.UserEvents}, the agent's
 * buffer of the last 256 events whose filters matched it (Consul's {@code agent/user_event.go}).
 */
package io.proconsul.core.userevent;
