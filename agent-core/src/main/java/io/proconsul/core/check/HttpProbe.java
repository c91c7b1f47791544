package io.proconsul.core.check;

import io.proconsul.core.local.CheckDefinition;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's {@code CheckHTTP}: sends {@code method} (default GET) with the check's headers and body, and
 * is passing on any 2xx, warning on 429 and critical otherwise, with the output
 * {@code "HTTP GET http://...: 200 OK Output: <body>"} (the body's last {@code outputMaxSize} bytes). A
 * request that fails or takes longer than the timeout (default 10 s, covering the body too) is critical
 * with the error. Sends {@code User-Agent: Consul Health Check} and Consul's {@code Accept} unless the
 * check sets them; follows redirects as Go's client does. The JDK client does not let a caller set
 * {@code Host}, {@code Connection}, {@code Content-Length}, {@code Expect} or {@code Upgrade}; such headers
 * of a check are left out (with a warning), where Consul would send a {@code Host} override.
 */
final class HttpProbe implements Probe {

    private static final Logger log = LoggerFactory.getLogger(HttpProbe.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Consul Health Check";
    static final String ACCEPT = "text/plain, text/*, */*";
    /** Headers {@code java.net.http} refuses to let a caller set; the client sets them itself. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final String url;
    private final String method;
    private final Map<String, List<String>> headers;
    private final String body;
    private final Duration timeout;
    private final int outputMaxSize;
    private final HttpClient client;

    HttpProbe(CheckDefinition d, int outputMaxSize, HttpCheckClients clients) {
        this.url = d.http();
        this.method = d.method().isEmpty() ? "GET" : d.method().toUpperCase(Locale.ROOT);
        this.headers = d.header();
        this.body = d.body();
        this.timeout = d.timeout() == null || d.timeout().isZero() || d.timeout().isNegative()
                ? DEFAULT_TIMEOUT : d.timeout();
        this.outputMaxSize = outputMaxSize;
        this.client = clients.client(d.tlsSkipVerify());
    }

    @Override
    public CheckResult check() throws InterruptedException {
        HttpRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            return CheckResult.critical(goMethod() + " \"" + url + "\": " + e.getMessage());
        }
        OutputTail tail = new OutputTail(outputMaxSize);
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, info ->
                HttpResponse.BodySubscribers.fromSubscriber(new TailSubscriber(tail)));
        HttpResponse<Void> r;
        try {
            r = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            return CheckResult.critical(goMethod() + " \"" + url
                    + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (ExecutionException e) {
            return CheckResult.critical(goMethod() + " \"" + url + "\": " + describe(e.getCause()));
        } catch (InterruptedException stopped) {
            response.cancel(true);
            throw stopped;
        }
        String output = "HTTP " + method + " " + url + ": " + HttpStatusText.status(r.statusCode())
                + " Output: " + tail.text();
        int code = r.statusCode();
        if (code >= 200 && code <= 299) {
            return CheckResult.passing(output);
        } else if (code == 429) {
            return CheckResult.warning(output);
        }
        return CheckResult.critical(output);
    }

    private HttpRequest request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .method(method, body.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean userAgent = false;
        boolean accept = false;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (RESTRICTED.contains(name)) {
                log.warn("HTTP check {}: header {} cannot be set and is left out", url, h.getKey());
                continue;
            }
            userAgent |= name.equals("user-agent");
            accept |= name.equals("accept");
            h.getValue().forEach(v -> b.header(h.getKey(), v));
        }
        if (!userAgent) {
            b.header("User-Agent", USER_AGENT);
        }
        if (!accept) {
            b.header("Accept", ACCEPT);
        }
        return b.build();
    }

    /** Go's {@code url.Error} names the method capitalised: {@code Get}, {@code Post}. */
    private String goMethod() {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    private String describe(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        } else if (cause instanceof ConnectException) {
            URI uri = URI.create(url);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        return String.valueOf(cause.getMessage());
    }
}
