package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.raft.rpc.RpcServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Where the client RPC listener binds ({@code ports.client_rpc}): the default is the server port + 3 and
 * falls back to a free port when that is taken; a configured port that is taken fails the start, naming
 * the port and the key; -1 starts no listener. Real sockets on 127.0.0.1.
 */
class ClientRpcPortIT {

    private static final String HOST = "127.0.0.1";
    private final ClientRpcService service = new ClientRpcService(null, null, null, null);

    private static AgentConfig.Ports ports(int clientRpc) {
        return new AgentConfig.Ports(8600, 8500, -1, -1, 8301, 8302, 8300, clientRpc);
    }

    /** A server port whose +3 is free: a free port found, minus three. */
    private static int serverPortWithFreeDefault() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort() - AgentConfig.Ports.CLIENT_RPC_OFFSET;
        }
    }

    @Test
    void theDefaultIsTheServerPortPlusThree() throws Exception {
        int serverPort = serverPortWithFreeDefault();
        try (RpcServer s = ClientRpcService.listen(HOST, AgentConfig.Ports.DEFAULTS, serverPort, service)) {
            assertThat(s.port()).isEqualTo(serverPort + 3);
        }
    }

    @Test
    void aTakenDefaultFallsBackToAFreePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            int serverPort = taken.getLocalPort() - 3;
            try (RpcServer s = ClientRpcService.listen(HOST, AgentConfig.Ports.DEFAULTS, serverPort, service)) {
                assertThat(s.port()).isPositive().isNotEqualTo(taken.getLocalPort());
            }
        }
    }

    @Test
    void aTakenConfiguredPortFailsTheStartNamingPortAndKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            IOException e = assertThrows(IOException.class,
                    () -> ClientRpcService.listen(HOST, ports(taken.getLocalPort()), 8300, service));
            assertThat(e.getMessage()).contains(HOST + ":" + taken.getLocalPort())
                    .contains("ports.client_rpc = " + taken.getLocalPort());
        }
    }

    @Test
    void aConfiguredPortIsBoundAndMinusOneIsNone() throws Exception {
        int port = serverPortWithFreeDefault() + 3;
        try (RpcServer s = ClientRpcService.listen(HOST, ports(port), 8300, service)) {
            assertThat(s.port()).isEqualTo(port);
        }
        try (RpcServer s = ClientRpcService.listen(HOST, ports(0), 8300, service)) {
            assertThat(s.port()).isPositive();
        }
        assertThat(ClientRpcService.listen(HOST, ports(-1), 8300, service)).isNull();
    }
}
