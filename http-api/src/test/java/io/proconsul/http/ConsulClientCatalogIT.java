package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.CatalogClient;
import org.kiwiproject.consul.HealthClient;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.State;
import org.kiwiproject.consul.model.agent.ImmutableCheck;
import org.kiwiproject.consul.model.catalog.CatalogNode;
import org.kiwiproject.consul.model.catalog.CatalogService;
import org.kiwiproject.consul.model.catalog.ImmutableCatalogDeregistration;
import org.kiwiproject.consul.model.catalog.ImmutableCatalogRegistration;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.ImmutableService;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;

/** The kiwiproject Consul client, unchanged, through its catalog and health APIs against this agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsulClientCatalogIT {

    private StoreFixture agent;
    private CatalogClient catalog;
    private HealthClient health;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        catalog = agent.consul().catalogClient();
        health = agent.consul().healthClient();
        catalog.register(ImmutableCatalogRegistration.builder().node("cc-1").address("10.3.0.1")
                .putNodeMeta("os", "linux")
                .service(ImmutableService.builder().id("pay-1").service("pay").address("").port(7000)
                        .addTags("green").putMeta("team", "a").build())
                .build());
        catalog.register(ImmutableCatalogRegistration.builder().node("cc-2").address("10.3.0.2")
                .service(ImmutableService.builder().id("pay-2").service("pay").address("10.3.9.9").port(7001)
                        .addTags("blue").build())
                .check(ImmutableCheck.builder().id("pay-2-ttl").name("pay ttl").serviceId("pay-2").ttl("30s")
                        .build())
                .build());
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void catalogReads() {
        assertThat(catalog.getDatacenters()).containsExactly("dc1");
        assertThat(catalog.getNodes().getResponse()).extracting(n -> n.getNode()).contains("cc-1", "cc-2");
        ConsulResponse<Map<String, List<String>>> services = catalog.getServices();
        assertThat(services.getResponse()).containsEntry("pay", List.of("blue", "green"));
        assertThat(services.getIndex()).isPositive();

        List<CatalogService> pay = catalog.getService("pay").getResponse();
        assertThat(pay).extracting(CatalogService::getServiceId).containsExactly("pay-1", "pay-2");
        assertThat(pay.get(0).getNodeMeta()).containsEntry("os", "linux");
        assertThat(pay.get(0).getServiceMeta()).containsEntry("team", "a");
        assertThat(pay.get(1).getServiceAddress()).isEqualTo("10.3.9.9");
        assertThat(pay.get(1).getServicePort()).isEqualTo(7001);
        assertThat(catalog.getService("pay", ImmutableQueryOptions.builder().addTag("blue").build()).getResponse())
                .extracting(CatalogService::getNode).containsExactly("cc-2");

        CatalogNode node = catalog.getNode("cc-2").getResponse();
        assertThat(node.getNode().getAddress()).isEqualTo("10.3.0.2");
        assertThat(node.getServices()).containsOnlyKeys("pay-2");
    }

    @Test
    void healthReads() {
        List<ServiceHealth> all = health.getAllServiceInstances("pay").getResponse();
        assertThat(all).extracting(h -> h.getService().getId()).containsExactly("pay-1", "pay-2");
        assertThat(all.get(1).getChecks()).extracting(HealthCheck::getStatus).containsExactly("critical");
        assertThat(health.getHealthyServiceInstances("pay").getResponse())
                .extracting(h -> h.getNode().getNode()).containsExactly("cc-1");
        // The client writes an agent-style check ("ID", no "CheckID"): Consul then takes the name as the ID.
        assertThat(health.getNodeChecks("cc-2").getResponse()).extracting(HealthCheck::getCheckId)
                .containsExactly("pay ttl");
        assertThat(health.getServiceChecks("pay").getResponse()).extracting(HealthCheck::getServiceId)
                .containsExactly(java.util.Optional.of("pay-2"));
        assertThat(health.getChecksByState(State.FAIL).getResponse()).extracting(HealthCheck::getCheckId)
                .contains("pay ttl");
        assertThat(health.getChecksByState(State.PASS).getResponse()).extracting(HealthCheck::getCheckId)
                .doesNotContain("pay ttl");
    }

    @Test
    void blockingHealthQueryThroughTheClient() throws Exception {
        catalog.register(ImmutableCatalogRegistration.builder().node("cc-3").address("10.3.0.3")
                .service(ImmutableService.builder().id("watch-1").service("watch").address("").port(1).build())
                .build());
        ConsulResponse<List<ServiceHealth>> first = health.getAllServiceInstances("watch");
        BigInteger index = first.getIndex();
        CompletableFuture<ConsulResponse<List<ServiceHealth>>> next = CompletableFuture.supplyAsync(
                () -> health.getAllServiceInstances("watch", QueryOptions.blockSeconds(25, index).build()));
        catalog.register(ImmutableCatalogRegistration.builder().node("cc-3").address("10.3.0.3")
                .service(ImmutableService.builder().id("watch-2").service("watch").address("").port(2).build())
                .build());
        ConsulResponse<List<ServiceHealth>> woken = next.get(20, TimeUnit.SECONDS);
        assertThat(woken.getIndex()).isGreaterThan(index);
        assertThat(woken.getResponse()).extracting(h -> h.getService().getId()).containsExactly("watch-1", "watch-2");

        catalog.deregister(ImmutableCatalogDeregistration.builder().node("cc-3").serviceId("watch-2").build());
        assertThat(health.getAllServiceInstances("watch").getResponse()).extracting(h -> h.getService().getId())
                .containsExactly("watch-1");
    }
}
