package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The three-server scenario of {@link ClusterFailoverIT} in containers built from the repository's
 * {@code Dockerfile}: runs where a Docker engine exists and is skipped (in well under a second) where none
 * does. It is never the only coverage: the same behaviour is tested with real processes on 127.0.0.x.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerClusterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void threeServersFormAClusterAndReplicate() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("proconsul-it", false)
                .withFileFromPath("Dockerfile", Path.of("..", "Dockerfile").toAbsolutePath())
                .withFileFromPath("cli/target/agent.jar", Path.of("target", "agent.jar").toAbsolutePath());
        try (Network net = Network.newNetwork()) {
            List<GenericContainer<?>> servers = IntStream.range(0, 3)
                    .<GenericContainer<?>>mapToObj(i -> server(image, net, i)).toList();
            try {
                servers.forEach(GenericContainer::start);
                awaitLeader(servers);
                assertThat(send(servers.get(0), "PUT", "/v1/kv/docker", "yes")).isEqualTo("true");
                assertThat(send(servers.get(2), "GET", "/v1/kv/docker?raw&stale", null)).isEqualTo("yes");
            } finally {
                servers.forEach(GenericContainer::stop);
            }
        }
    }

    private static GenericContainer<?> server(ImageFromDockerfile image, Network net, int i) {
        return new GenericContainer<>(image)
                .withNetwork(net)
                .withNetworkAliases("server" + i)
                .withExposedPorts(8500)
                .withCommand("agent", "-server", "-bootstrap-expect=3", "-node=server" + i,
                        "-data-dir=/var/lib/proconsul/data", "-client=0.0.0.0", "-retry-join=server0",
                        "-retry-join=server1", "-retry-join=server2", "-retry-interval=1s")
                .waitingFor(Wait.forHttp("/v1/status/peers").forPort(8500));
    }

    private static void awaitLeader(List<GenericContainer<?>> servers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (servers.stream().allMatch(s -> leader(s).length() > 2)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no leader within 60 s");
    }

    private static String leader(GenericContainer<?> s) {
        try {
            return send(s, "GET", "/v1/status/leader", null);
        } catch (Exception e) {
            return "";
        }
    }

    private static String send(GenericContainer<?> s, String method, String path, String body) throws Exception {
        URI uri = URI.create("http://" + s.getHost() + ":" + s.getMappedPort(8500) + path);
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body().trim();
    }
}
