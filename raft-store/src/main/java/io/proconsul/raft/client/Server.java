package io.proconsul.raft.client;

/**
 * One server of this agent's datacenter as gossip advertises it.
 *
 * @param id its Raft peer id (tag {@code id}, else its node name), as its status answers name the leader
 * @param raftAddress {@code ip:port} of its Raft port (tag {@code port}), reported as the leader's address
 * @param rpcAddress {@code ip:port} of its client RPC listener (tag {@code client_rpc_port}), where this
 *     agent sends its requests
 */
record Server(String id, String raftAddress, String rpcAddress) {}
