package io.proconsul.raft.rpc;

import io.proconsul.core.snapshot.SnapshotStore;
import java.util.concurrent.CompletableFuture;

/**
 * What a server does with its client agents' requests ({@link RpcServer}). Called on the listener's worker
 * threads, never on its event loop; the futures may complete on any thread.
 */
public interface RpcService {

    /**
     * Applies an encoded command through Raft; completes with the encoded result. Fails with
     * {@link NotTakenException} when the command was not submitted anywhere (the client may resend it to
     * another server); any other failure means "No cluster leader", the write possibly applied.
     */
    CompletableFuture<byte[]> write(byte[] command);

    /**
     * As {@link #write}, for a write another server forwards to this one as its leader: completes with
     * {@link RpcFrames#indexed} (the Raft log index the write was applied at, and the encoded result). The
     * default takes none ({@link NotTakenException}), so that the sender uses another way.
     */
    default CompletableFuture<byte[]> writeIndexed(byte[] command) {
        return CompletableFuture.failedFuture(new NotTakenException("this server takes no indexed writes"));
    }

    /** Answers an encoded read, status or operator request; failures are encoded in the answer. */
    CompletableFuture<byte[]> read(byte[] request);

    /**
     * The server's snapshots, served to client agents as streams ({@link RpcFrames#SNAPSHOT_SAVE},
     * {@link RpcFrames#SNAPSHOT_RESTORE}); null (the default) when this service serves none, and such
     * requests are answered {@link RpcFrames#NOT_TAKEN}.
     */
    default SnapshotStore snapshots() {
        return null;
    }

    /** The server did not hand the request to Raft: resending it elsewhere cannot apply it twice. */
    final class NotTakenException extends RuntimeException {
        public NotTakenException(String message) {
            super(message, null, false, false);
        }
    }
}
