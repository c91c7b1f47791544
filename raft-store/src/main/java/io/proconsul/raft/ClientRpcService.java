package io.proconsul.raft;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.raft.rpc.RpcFrames;
import io.proconsul.raft.rpc.RpcServer;
import io.proconsul.raft.rpc.RpcService;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * What a server does with its client agents' requests over the server RPC listener ({@link RpcServer}):
 * a write (a client agent's, or one another server forwards to this one as its leader) goes through
 * {@link LocalSubmitter} exactly as this server's own writes do (to the leader,
 * waiting out an election within Consul's hold timeout), a read, status or operator request through
 * {@link RemoteReads}, a snapshot save or restore through this server's own ({@link RaftSnapshots}, streamed
 * by the listener). A server that is in no Raft group yet (still forming one) or is closing does not
 * take a write, and says so, so that the client tries another server.
 */
final class ClientRpcService implements RpcService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientRpcService.class);

    private final LocalSubmitter submitter;
    private final RaftView raft;
    private final RemoteReads reads;
    private final SnapshotStore snapshots;

    ClientRpcService(LocalSubmitter submitter, RaftView raft, RemoteReads reads, SnapshotStore snapshots) {
        this.submitter = submitter;
        this.raft = raft;
        this.reads = reads;
        this.snapshots = snapshots;
    }

    /**
     * Starts the listener on this server's bind host, on the port {@code ports.client_rpc} asks for (see
     * {@link AgentConfig.Ports#clientRpc()}), advertised in gossip. The default port (the server port + 3)
     * falls back to a free one with a warning when it is taken, since clients learn the port from gossip
     * anyway; a configured port that cannot be bound fails the start. Null when the listener is off (-1).
     */
    static RpcServer listen(String host, AgentConfig.Ports ports, int serverPort, ClientRpcService service)
            throws IOException {
        int port = ports.clientRpcPort(serverPort);
        if (port < 0) {
            log.info("client RPC listener disabled (ports.client_rpc = {}): client agents cannot use this server",
                    port);
            return null;
        }
        try {
            return bind(host, port, service);
        } catch (IOException e) {
            if (ports.clientRpcExplicit() || port == 0) {
                throw new IOException("cannot listen for client agents on " + host + ":" + port
                        + " (ports.client_rpc = " + port + "): " + e.getMessage(), e);
            }
            RpcServer fallback = bind(host, 0, service);
            log.warn("client RPC: the default port {} (server port {} + {}) is taken ({}); listening on {} instead, "
                    + "advertised in gossip tag {}; set ports.client_rpc to fix the port", port, serverPort,
                    AgentConfig.Ports.CLIENT_RPC_OFFSET, e.getMessage(), fallback.port(), RpcServer.GOSSIP_TAG);
            return fallback;
        }
    }

    private static RpcServer bind(String host, int port, ClientRpcService service) throws IOException {
        try {
            return RpcServer.start(host, port, service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while binding the server RPC listener");
        }
    }

    @Override
    public CompletableFuture<byte[]> write(byte[] command) {
        if (raft.isClosed() || raft.division().isEmpty()) {
            return CompletableFuture.failedFuture(new NotTakenException("no Raft group on this server"));
        }
        return submitter.write(command).thenApply(m -> m.getContent().toByteArray());
    }

    /** A write another server forwards to this one as its leader; see {@link RpcService#writeIndexed}. */
    @Override
    public CompletableFuture<byte[]> writeIndexed(byte[] command) {
        if (raft.isClosed() || raft.division().isEmpty()) {
            return CompletableFuture.failedFuture(new NotTakenException("no Raft group on this server"));
        }
        return submitter.writeIndexed(command)
                .thenApply(a -> RpcFrames.indexed(a.index(), a.message().getContent().toByteArray()));
    }

    @Override
    public CompletableFuture<byte[]> read(byte[] request) {
        return reads.answer(request);
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }
}
