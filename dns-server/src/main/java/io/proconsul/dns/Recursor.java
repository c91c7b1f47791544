package io.proconsul.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * Forwards questions outside the agent's domain to the configured {@code recursors}, as Consul's
 * {@code handleRecurse}: tried in order, over the transport the client used; a reply other than NOERROR or
 * NXDOMAIN (SERVFAIL, REFUSED, ...) or no reply within {@code recursor_timeout} moves on to the next. The
 * first acceptable reply is passed back unchanged; when every recursor failed the caller answers SERVFAIL.
 *
 * <p>Threading: never blocks; dnsjava's I/O thread completes the futures.
 */
final class Recursor {

    private static final Logger log = LoggerFactory.getLogger(Recursor.class);

    private final List<SimpleResolver> udp = new ArrayList<>();
    private final List<SimpleResolver> tcp = new ArrayList<>();

    Recursor(List<InetSocketAddress> recursors, Duration timeout) {
        for (InetSocketAddress address : recursors) {
            udp.add(resolver(address, timeout, false));
            tcp.add(resolver(address, timeout, true));
        }
    }

    private static SimpleResolver resolver(InetSocketAddress address, Duration timeout, boolean overTcp) {
        SimpleResolver r = new SimpleResolver(address);
        r.setTimeout(timeout);
        r.setTCP(overTcp);
        // Pass a truncated UDP reply back as it is: the client retries over TCP itself, as with Consul.
        r.setIgnoreTruncation(true);
        // The client's query goes out as it came, with or without its own OPT record.
        r.setEDNS((OPTRecord) null);
        return r;
    }

    boolean isEnabled() {
        return !udp.isEmpty();
    }

    /** The first acceptable upstream reply; empty when every recursor failed or none is configured. */
    CompletableFuture<Optional<Message>> forward(Message request, boolean overTcp) {
        return tryFrom(overTcp ? tcp : udp, 0, request);
    }

    private CompletableFuture<Optional<Message>> tryFrom(List<SimpleResolver> resolvers, int i, Message request) {
        if (i >= resolvers.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        SimpleResolver resolver = resolvers.get(i);
        return resolver.sendAsync(request.clone()).toCompletableFuture().handle((reply, err) -> {
            if (err != null) {
                log.debug("recurse failed: recursor={} error={}", resolver.getAddress(), err.toString());
                return null;
            }
            int rcode = reply.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                log.debug("recurse failed: recursor={} rcode={}", resolver.getAddress(), Rcode.string(rcode));
                return null;
            }
            return reply;
        }).thenCompose(reply -> reply != null
                ? CompletableFuture.completedFuture(Optional.of(reply))
                : tryFrom(resolvers, i + 1, request));
    }
}
