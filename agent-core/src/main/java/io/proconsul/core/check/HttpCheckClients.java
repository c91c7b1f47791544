package io.proconsul.core.check;

import java.net.http.HttpClient;

/**
 * The HTTP clients all HTTP checks of one {@link CheckRunners} share: one that verifies TLS and one for
 * {@code tls_skip_verify}, each made on first use. A {@code java.net.http} client owns a selector thread
 * and (on Java 17) cannot be closed, so one per check, or per probe, would cost a thread each.
 *
 * <p>Consul turns keep-alive off for checks, so that a server closing an idle connection cannot fail one.
 * The JDK client keeps connections, but retries an idempotent request once on a connection found closed;
 * a non-idempotent check method on a stale connection can fail once. Timeouts are per request (the probe
 * bounds the whole exchange), so the clients have none of their own.
 */
final class HttpCheckClients {

    private HttpClient verifying;
    private HttpClient insecure;

    synchronized HttpClient client(boolean tlsSkipVerify) {
        if (tlsSkipVerify) {
            if (insecure == null) {
                insecure = builder().sslContext(InsecureTls.context()).build();
            }
            return insecure;
        }
        if (verifying == null) {
            verifying = builder().build();
        }
        return verifying;
    }

    /** HTTP/1.1 as Go's checks speak it to a plain URL; redirects followed as Go's client does. */
    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL);
    }
}
