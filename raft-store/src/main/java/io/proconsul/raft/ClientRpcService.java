package io.proconsul.raft;

import io.proconsul.raft.rpc.RpcServer;
import io.proconsul.raft.rpc.RpcService;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * What a server does with its client agents' requests over the server RPC listener ({@link RpcServer}):
 * a write goes through {@link LocalSubmitter} exactly as this server's own writes do (to the leader,
 * waiting out an election within Consul's hold timeout), a read, status or operator request through
 * {@link RemoteReads}. A server that is in no Raft group yet (still forming one) or is closing does not
 * take a write, and says so, so that the client tries another server.
 */
final class ClientRpcService implements RpcService {

    private final LocalSubmitter submitter;
    private final RaftView raft;
    private final RemoteReads reads;

    ClientRpcService(LocalSubmitter submitter, RaftView raft, RemoteReads reads) {
        this.submitter = submitter;
        this.raft = raft;
        this.reads = reads;
    }

    /** Starts the listener on this server's bind host, on a free port (advertised in gossip). */
    static RpcServer listen(String host, ClientRpcService service) throws IOException {
        try {
            return RpcServer.start(host, 0, service);
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

    @Override
    public CompletableFuture<byte[]> read(byte[] request) {
        return reads.answer(request);
    }
}
