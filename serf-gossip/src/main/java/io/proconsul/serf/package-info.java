/**
 * The serf layer over {@link io.proconsul.serf.memberlist}: member statuses (alive, leaving, left, failed),
 * tags, Lamport-timed join and leave intents, force-leave, reaping, the rejoin snapshot and Consul's
 * admission rules. {@link io.proconsul.serf.SerfPool} is the public entry: one per gossip pool.
 */
package io.proconsul.serf;
