package io.proconsul.cli.command.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.GossipAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul rtt} against a real in-process server agent whose catalog holds coordinates written over
 * {@code PUT /v1/coordinate/update}: n1 at the origin, n2 5 ms away on one axis, the agent's own node 2 ms
 * away; every height 10 µs.
 */
class RttCommandIT {

    private final HttpClient client = HttpClient.newHttpClient();

    private void put(GossipAgent agent, String path, String body) throws Exception {
        String base = "http://" + agent.httpAddrFlag().substring("-http-addr=".length());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private void nodeAt(GossipAgent agent, String node, double x) throws Exception {
        put(agent, "/v1/catalog/register", "{\"Node\":\"" + node + "\",\"Address\":\"10.3.0.1\"}");
        put(agent, "/v1/coordinate/update", "{\"Node\":\"" + node + "\",\"Coord\":{\"Vec\":[" + x
                + ",0,0,0,0,0,0,0],\"Error\":0.1,\"Adjustment\":0,\"Height\":0.00001}}");
    }

    @Test
    void estimatesFromTheCatalogsCoordinates(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "rtt-srv")) {
            nodeAt(agent, "n1", 0.0);
            nodeAt(agent, "n2", 0.005);
            nodeAt(agent, "rtt-srv", 0.002);
            put(agent, "/v1/catalog/register", "{\"Node\":\"n3\",\"Address\":\"10.3.0.3\"}");

            CliRun two = CliRun.run("rtt", agent.httpAddrFlag(), "n1", "N2");
            assertThat(two.exitCode()).as(two.toString()).isZero();
            assertThat(two.out()).isEqualTo("Estimated n1 <-> N2 rtt: 5.020 ms (using LAN coordinates)\n");

            CliRun toAgent = CliRun.run("rtt", agent.httpAddrFlag(), "n2");
            assertThat(toAgent.exitCode()).as(toAgent.toString()).isZero();
            assertThat(toAgent.out()).isEqualTo("Estimated n2 <-> rtt-srv rtt: 3.020 ms (using LAN coordinates)\n");

            CliRun missing = CliRun.run("rtt", agent.httpAddrFlag(), "n1", "n3");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).isEqualTo("Could not find a coordinate for node \"n3\"\n");
            assertThat(missing.out()).isEmpty();
        }
    }

    @Test
    void wanUsesTheServersWanCoordinate(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "wan-srv")) {
            CliRun self = CliRun.run("rtt", agent.httpAddrFlag(), "-wan", "wan-srv.dc1");
            assertThat(self.exitCode()).as(self.toString()).isZero();
            assertThat(self.out()).matches(
                    "Estimated wan-srv\\.dc1 <-> wan-srv\\.dc1 rtt: \\d+\\.\\d{3} ms \\(using WAN coordinates\\)\n");

            CliRun other = CliRun.run("rtt", agent.httpAddrFlag(), "-wan", "wan-srv.dc2");
            assertThat(other.exitCode()).isEqualTo(1);
            assertThat(other.stderr()).isEqualTo("Could not find a coordinate for node \"wan-srv.dc2\"\n");
        }
    }
}
