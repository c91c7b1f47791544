package io.proconsul.http.endpoint;

import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/snapshot} (api-docs/snapshot.mdx): {@code GET} saves the whole state as Consul's archive,
 * {@code PUT} restores one. The bodies are too large to aggregate, so the connection's
 * {@code SnapshotStreams} handler intercepts both methods before routing: it spools an upload to a file
 * from {@link #uploadFile()} and streams a saved archive out with chunked transfer. This class holds what
 * is not Netty's: the read mode ({@code ?stale} reads this server's state, anything else the leader's, as
 * Consul forwards to the leader) and the files. A client agent's store streams both to a server (as
 * Consul's clients forward them), so they are served here the same way; only an agent whose store keeps
 * no snapshots at all answers {@link #SERVERS_ONLY}.
 *
 * <p>The route itself answers only what reaches routing (a request without the streaming handler).
 * Thread-safe.
 */
public final class SnapshotEndpoint {

    /** What an agent whose store serves no snapshots answers (none does today: client agents forward them). */
    public static final String SERVERS_ONLY = "Snapshot save and restore are served by server agents only; "
            + "this client agent cannot forward them: send the request to a server's HTTP address";

    private final SnapshotStore store;
    private final QueryOptionsParser options;

    /** @param store the agent's snapshots (a server's own, or a client agent's forwarding); null if none */
    public SnapshotEndpoint(SnapshotStore store, QueryOptionsParser options) {
        this.store = store;
        this.options = options;
    }

    /** Whether this agent serves snapshots (itself or through a server). */
    public boolean available() {
        return store != null;
    }

    /** GET: saves an archive to a file; the caller streams it out and deletes it. */
    public CompletableFuture<SnapshotStore.Saved> save(ApiRequest req) {
        QueryOptions o = options.parse(req);
        options.requireReachable(o.datacenter());
        return store.save(o);
    }

    /** A new empty file under the data dir for a PUT's body. */
    public Path uploadFile() throws IOException {
        return Files.createTempFile(store.scratchDir(), "upload-", ".snap");
    }

    /** PUT: restores the uploaded archive; a damaged one fails with Consul's text and changes nothing. */
    public CompletableFuture<Void> restore(Path upload) {
        return store.restore(upload);
    }

    /** The route's handler: only a request the streaming handler did not take gets here. */
    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        return CompletableFuture.completedFuture(ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                available() ? "snapshot requests are streamed before routing" : SERVERS_ONLY));
    }
}
