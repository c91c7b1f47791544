package io.proconsul.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.http.endpoint.SnapshotEndpoint;

/**
 * The pipeline of one HTTP connection: per-client connection limit → codec → snapshot streams (see
 * {@link SnapshotStreams}) → gzip (when the client accepts it) → body limits → aggregator → {@link RequestHandler}.
 * Request lines and headers may be long (Consul keys travel in the path; Go allows 1 MiB of headers).
 */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {

    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final Routes routes;
    private final JsonCodec json;
    private final AgentConfig config;
    private final ConnectionLimiter limiter;
    private final SnapshotEndpoint snapshots;

    HttpInitializer(Routes routes, JsonCodec json, AgentConfig config, SnapshotEndpoint snapshots) {
        this.snapshots = snapshots;
        this.routes = routes;
        this.json = json;
        this.config = config;
        this.limiter = new ConnectionLimiter(config.limits().httpMaxConnsPerClient());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        long kvMax = config.limits().kvMaxValueSize();
        long txnMax = config.limits().txnMaxReqLen();
        int aggregate = (int) Math.min(Integer.MAX_VALUE, BodyLimitHandler.maxBody(kvMax, txnMax));
        ChannelPipeline p = ch.pipeline();
        p.addLast("conn-limit", limiter);
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HEADER_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)));
        // /v1/snapshot bodies are streamed to and from files, never aggregated (nor gzipped again).
        p.addLast("snapshot", new SnapshotStreams(snapshots));
        // Consul wraps every API handler in gzip with no minimum size; only gzip, as its handler offers.
        p.addLast("gzip", new HttpContentCompressor(0, StandardCompressionOptions.gzip()));
        p.addLast("limits", new BodyLimitHandler(kvMax, txnMax));
        p.addLast("aggregator", new HttpObjectAggregator(aggregate));
        // Consul's -dev agent pretty-prints every answer (its marshalJSON checks DevMode).
        p.addLast("handler", new RequestHandler(routes, json, config.devMode()));
    }
}
