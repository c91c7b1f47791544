package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** TCP checks against a real listener on 127.0.0.1. */
class TcpProbeIT {

    @Test
    void anAcceptingListenerIsPassing() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            String target = "127.0.0.1:" + s.getLocalPort();
            CheckResult r = new TcpProbe(target, null).check();
            assertThat(r).isEqualTo(CheckResult.passing("TCP connect " + target + ": Success"));
        }
    }

    @Test
    void aClosedPortIsCriticalWithGosDialError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CheckResult r = new TcpProbe("127.0.0.1:" + port, null).check();
        assertThat(r).isEqualTo(CheckResult.critical("dial tcp 127.0.0.1:" + port + ": connect: connection refused"));
    }

    @Test
    void aTargetWithoutPortIsCritical() {
        CheckResult r = new TcpProbe("127.0.0.1", null).check();
        assertThat(r).isEqualTo(CheckResult.critical("dial tcp 127.0.0.1: address 127.0.0.1: missing port in address"));
    }

    @Test
    void parsesBracketedIpv6() {
        assertThat(TcpProbe.parse("[::1]:8080").getPort()).isEqualTo(8080);
        assertThat(TcpProbe.parse("[::1]:8080").getAddress().isLoopbackAddress()).isTrue();
        assertThrows(IllegalArgumentException.class, () -> TcpProbe.parse("host:99999"));
    }
}
