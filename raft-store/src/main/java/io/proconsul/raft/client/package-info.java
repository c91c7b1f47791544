/**
 * The store of a client agent: {@link io.proconsul.raft.client.ServerForwardingStore}, a
 * {@link io.proconsul.core.store.Store} and {@link io.proconsul.core.operator.Operator} that keeps no Raft
 * log and no state and forwards everything to the servers of its datacenter over their server RPC port, as
 * Consul's client agents do ({@code agent/consul/client.go}, {@code agent/router/}).
 *
 * <pre>{@code
 * ServerForwardingStore store = new ServerForwardingStore(config, bus);  // AgentConfig (its datacenter), EventBus
 * store.start();      // listens for LAN MemberEvents of servers: role=consul, dc, port (server RPC), id
 * store.apply(cmd);   store.query(q, options);   store.leader();   store.peers();   store.raftStats(); // {}
 * store.raftConfiguration(o); store.autopilotConfiguration(o); store.setAutopilotConfiguration(c, cas); ...
 * store.close();
 * }</pre>
 *
 * <h2>How it behaves</h2>
 * <ul>
 *   <li><b>Servers</b> ({@code ServerList}): a server of the same datacenter joins on a LAN {@code JOIN} or
 *       {@code UPDATE} while alive and leaves on {@code LEAVE}, {@code FAILED} or {@code REAP}. The peer id
 *       is tag {@code id}, else the node name; the address is the member address and tag {@code port}.
 *       Like Consul's router the client prefers one random server and rotates away from one that fails.
 *   <li><b>Transport</b> ({@code io.proconsul.raft.rpc.RpcClient}): not Raft's. Each server runs a small
 *       listener of its own ({@code RpcServer}, port in gossip tag {@code client_rpc_port}) that takes the
 *       same codec payloads in length-prefixed frames with a request id, any number in flight on one
 *       connection and answered in any order. One connection per server, opened on first use; the
 *       agent's own Netty with one event-loop thread; a client agent loads no Ratis class. A connection
 *       not made within 1 s (a host that is down answers nothing), refused, or closed before the request
 *       was written counts as not sent, so the request goes elsewhere. Servers keep Ratis's transport for
 *       each other ({@code ServerRpc}, used by {@code LeaderForwarder}).
 *   <li><b>Writes</b> ({@code WriteForwarder}): to the leader when known, else any server; the server
 *       applies it as its own writes (a follower forwards it to the leader, waiting out an election).
 *       A resend, to another server, only when no server provably took the write: not sent, or a server
 *       in no Raft group yet. Anything else (no leader in time, a timeout, a connection lost while
 *       waiting) fails with "No cluster leader", so a write applies at most once. All within Consul's RPC
 *       hold timeout (7 s).
 *   <li><b>Reads</b> ({@code ReadForwarder}): a read request carrying the query and its options; the server ({@code RemoteReads}) runs it through its own read path, so {@code DEFAULT},
 *       {@code CONSISTENT} and {@code STALE} (with {@code max_stale}) mean exactly what they mean on a
 *       server, and the answer carries that server's index, KnownLeader, LastContact and mode. Default and
 *       consistent reads go to the leader when known, stale ones to the preferred server. Any failure is
 *       retried on another server within the hold timeout, as Consul retries reads.
 *   <li><b>Blocking queries</b> ({@code BlockingWaits}): servers never hold a remote request (a habit of the
 *       Ratis transport, which answered on the event-loop thread that read the request). The client waits
 *       instead, holding no thread: a waiting query is read again whenever a server's applied index (asked
 *       every 50 ms while anything waits, one small request for all queries) passes the index it was read
 *       at; it answers once its index passes {@code minIndex}, or with a last read when its wait plus
 *       Consul's jitter (up to 1/16) ends. A write reaches its watchers within about 50 ms of being applied.
 *   <li><b>Status</b>: {@code leader()} and {@code peers()} are what a server said last (asked every
 *       second; the leader is forgotten after 7 s without an answer). {@code raftStats()} is empty: a
 *       client agent has no {@code raft} section in {@code consul info}.
 *   <li><b>Snapshots</b> ({@code SnapshotForwarder}): {@code save} and {@code restore} ({@link
 *       io.proconsul.core.snapshot.SnapshotStore}) stream through one server (the leader first) on a
 *       connection of their own to its listener, which runs its own save or restore; the archive goes file
 *       to file ({@code <data-dir>/snapshot-tmp} here), never whole in memory, with reads paused while the
 *       disk catches up and writes paused while the socket is full.
 *   <li><b>Operator</b>: the Raft configuration, autopilot settings and health, and peer removal are
 *       answered by the leader's {@code Operator}; storing autopilot settings is a write.
 * </ul>
 *
 * <p>Tested by {@code SnapshotsThroughClientIT}, {@code ServerForwardingStoreIT} (three real servers on loopback, member events on a real
 * bus), {@code RpcClientIT} and {@code RpcFramesTest} (the transport and its framing), {@code ServerRpcTest}
 * (the servers' Ratis transport), {@code ServerListTest} and the codec tests.
 */
package io.proconsul.raft.client;
