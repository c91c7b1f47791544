package io.proconsul.core.check;

/**
 * Stands in for a check kind this agent cannot probe (gRPC: {@code java.net.http} has no HTTP/2 over
 * cleartext with prior knowledge, and no access to trailers where {@code grpc-status} travels). The check
 * stays visibly critical instead of silently passing.
 */
final class UnsupportedProbe implements Probe {

    private final String type;

    UnsupportedProbe(String type) {
        this.type = type;
    }

    @Override
    public CheckResult check() {
        return CheckResult.critical(type + " checks are not supported by this agent");
    }
}
