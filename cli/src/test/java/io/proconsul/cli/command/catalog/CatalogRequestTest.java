package io.proconsul.cli.command.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.client.StubHttpServer;
import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/**
 * The requests the catalog commands send, as Consul's API client sends them: one {@code node-meta=k:v}
 * parameter per pair, {@code filter} and {@code near} as given, {@code dc} from {@code -datacenter}.
 * A stub answers, so only the request is under test; the answers' handling is in {@code DiscoveryCommandsIT}.
 */
class CatalogRequestTest {

    @Test
    void nodesWithEveryQueryFlag() throws Exception {
        try (StubHttpServer stub = new StubHttpServer().answer(200, "[]")) {
            CliRun run = CliRun.run("catalog", "nodes", "-http-addr=" + stub.address(), "-node-meta=rack=r1",
                    "-node-meta=zone=z:1", "-near=_agent", "-filter=Meta.env == \"prod\"", "-datacenter=dc2");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stderr()).isEqualTo(CatalogNodesCommand.NO_MATCH + "\n");
            StubHttpServer.Request r = stub.last();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.rawPath()).isEqualTo("/v1/catalog/nodes");
            assertThat(r.rawQuery()).isEqualTo("dc=dc2&filter=Meta.env+%3D%3D+%22prod%22&near=_agent"
                    + "&node-meta=rack%3Ar1&node-meta=zone%3Az%3A1");
        }
    }

    @Test
    void servicesOfANodeAndOfAService() throws Exception {
        try (StubHttpServer stub = new StubHttpServer().answer(200, "null")) {
            CliRun run = CliRun.run("catalog", "services", "-http-addr=" + stub.address(), "-node=web-1");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stderr()).isEqualTo(CatalogServicesCommand.NO_MATCH + "\n");
            assertThat(stub.last().rawPath()).isEqualTo("/v1/catalog/node/web-1");
            CliRun nodes = CliRun.run("catalog", "nodes", "-http-addr=" + stub.address(), "-service=redis");
            assertThat(nodes.exitCode()).isZero();
            assertThat(stub.last().rawPath()).isEqualTo("/v1/catalog/service/redis");
            assertThat(stub.last().rawQuery()).isNull();
        }
    }

    @Test
    void anErrorAnswerIsReportedWithConsulsPrefix() throws Exception {
        try (StubHttpServer stub = new StubHttpServer().answer(500, "No cluster leader")) {
            CliRun run = CliRun.run("catalog", "services", "-http-addr=" + stub.address());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).isEqualTo("Error listing services: Unexpected response code: 500 "
                    + "(No cluster leader)\n");
        }
    }
}
