package io.proconsul.cli.command.agent;

import io.proconsul.core.config.AgentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Netty settings for the agent process, as system properties. Netty reads them once, when its classes
 * initialise, so {@link #applyBeforeStart} must run before the first Netty class is touched (before the
 * agent is assembled). A server holds two copies of Netty, ours and the one Ratis shades under
 * {@code org.apache.ratis.thirdparty}; a client agent only ours, since it reaches its servers over their
 * client RPC listener ({@code io.proconsul.raft.rpc}), not over Ratis.
 *
 * <p>Client agents use unpooled buffers. A pooled allocator keeps its chunks and per-thread caches for the
 * life of the process; an idle client sends a few small requests a second and gains nothing from them
 * (measured on an idle client: about 10 MiB of RSS for both copies when it still loaded Ratis's; see
 * bench/results/client-rss-*). Servers keep pooling: they carry the Raft and HTTP load, and get nothing
 * from this class.
 *
 * <p>Client agents also leave Netty's native epoll transport off ({@code io.netty.transport.noNative}). The
 * HTTP server is its only user (gossip, DNS and the client RPC run on NIO either way), so a client would load
 * both transports, about 50 classes more, and unpack and map the native library, for an API it serves a
 * few requests a minute; with it off the HTTP server runs on NIO too.
 *
 * <p>An operator's own {@code -D} setting wins: a property already set is left alone. Process-wide, so it
 * is for the {@code agent} command only, not for tests that run several agents in one JVM.
 */
final class NettyProperties {

    private NettyProperties() {}

    static void applyBeforeStart(AgentConfig config) {
        apply(config.server(), System.getProperties());
    }

    /** Sets {@link #forAgent} in {@code target}, except the keys it already has. */
    static void apply(boolean server, Properties target) {
        forAgent(server).forEach(target::putIfAbsent);
    }

    /** The properties for a server ({@code true}) or a client agent, in the order they are set. */
    static Map<String, String> forAgent(boolean server) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!server) {
            p.put("io.netty.allocator.type", "unpooled");
            p.put("io.netty.transport.noNative", "true");
        }
        return p;
    }
}
