package io.proconsul.cli.command.agent;

import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import java.io.PrintStream;

/** The start-up banner, laid out as Consul's: right-aligned labels, then the log stream announcement. */
final class Banner {

    private Banner() {}

    static void print(PrintStream out, AgentConfig c) {
        AgentConfig.Ports p = c.ports();
        out.println("==> Starting Consul agent...");
        line(out, "Version", "'" + Version.CONSUL + "'");
        line(out, "Implementation", "'Proconsul " + Version.PRODUCT + "'");
        line(out, "Node ID", "'" + c.nodeId() + "'");
        line(out, "Node name", "'" + c.nodeName() + "'");
        line(out, "Datacenter", "'" + c.datacenter() + "' (Segment: '<all>')");
        line(out, "Server", c.server() + " (Bootstrap: " + (c.bootstrap() || c.devMode()) + ")");
        line(out, "Client Addr", c.clientAddrs() + " (HTTP: " + p.http() + ", HTTPS: " + p.https() + ", gRPC: "
                + p.grpc() + ", gRPC-TLS: -1, DNS: " + p.dns() + ")");
        line(out, "Cluster Addr", c.effectiveAdvertiseAddr() + " (LAN: " + p.serfLan() + ", WAN: " + p.serfWan() + ")");
        line(out, "Gossip Encryption", "false");
        line(out, "Auto-Encrypt-TLS", "false");
        line(out, "ACL Enabled", "false");
        line(out, "ACL Default Policy", "allow");
        line(out, "HTTPS TLS", "Verify Incoming: false, Verify Outgoing: false, Min Version: TLSv1_2");
        line(out, "gRPC TLS", "Verify Incoming: false, Min Version: TLSv1_2");
        line(out, "Internal RPC TLS",
                "Verify Incoming: false, Verify Outgoing: false (Verify Hostname: false), Min Version: TLSv1_2");
        out.println();
        out.println("==> Log data will now stream in as it occurs:");
        out.println();
        out.flush();
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("%22s: %s%n", label, value);
    }
}
