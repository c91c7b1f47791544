package io.proconsul.core.check;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Consul's {@code CheckTCP}: passing with {@code "TCP connect <addr>: Success"} when a connection to
 * {@code host:port} is accepted within the timeout (default 10 s), otherwise critical with the error in
 * Go's words ({@code "dial tcp 127.0.0.1:1: connect: connection refused"}).
 */
final class TcpProbe implements Probe {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String target;
    private final Duration timeout;

    TcpProbe(String target, Duration timeout) {
        this.target = target;
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public CheckResult check() {
        InetSocketAddress address;
        try {
            address = parse(target);
        } catch (IllegalArgumentException e) {
            return CheckResult.critical("dial tcp " + target + ": " + e.getMessage());
        }
        if (address.isUnresolved()) {
            return CheckResult.critical("dial tcp: lookup " + address.getHostString() + ": no such host");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            return CheckResult.passing("TCP connect " + target + ": Success");
        } catch (IOException e) {
            return CheckResult.critical("dial tcp " + target + ": " + goError(e));
        }
    }

    /** {@code host:port} or {@code [v6]:port}, as Go's {@code net.SplitHostPort} accepts it. */
    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + hostPort + ": missing port in address");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + hostPort + ": invalid port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + hostPort + ": invalid port");
        }
        return new InetSocketAddress(host, port);
    }

    /** The tail of Go's dial error for the common failures, so outputs read as Consul's do. */
    static String goError(IOException e) {
        if (e instanceof ConnectException) {
            return "connect: connection refused";
        } else if (e instanceof SocketTimeoutException) {
            return "i/o timeout";
        } else if (e instanceof UnknownHostException) {
            return "no such host";
        }
        return String.valueOf(e.getMessage());
    }
}
