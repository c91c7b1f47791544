package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WAN pool admits servers only, as Consul's wanMergeDelegate does; its names are node.dc. */
@Timeout(60)
class WanPoolIT {

    private static SerfConfig wan(String name, String dc, String role) {
        return SerfConfig.wan(name, "127.0.0.1", 0, dc).withTags(Map.of("role", role, "dc", dc)).scaled(0.02);
    }

    @Test
    void serversOfEveryDatacenterJoinAndANonServerIsRefused() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus();
                SerfPool a = new SerfPool(wan("s1.dc1", "dc1", "consul"), bus);
                SerfPool b = new SerfPool(wan("s1.dc2", "dc2", "consul"), bus);
                SerfPool client = new SerfPool(wan("c1.dc1", "dc1", "node"), bus)) {
            a.start();
            b.start();
            client.start();
            assertThat(a.name()).isEqualTo("serf_wan");
            assertThat(b.join(List.of("127.0.0.1:" + a.boundPort())).get()).isEqualTo(1);
            TestCluster.awaitAlive(List.of(a, b), 2, Duration.ofSeconds(10));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> a.join(List.of("127.0.0.1:" + client.boundPort())).get());
            assertThat(e.getCause().getMessage()).isEqualTo("1 error occurred:\n\t* Failed to join 127.0.0.1:"
                    + client.boundPort() + ": Member 'c1.dc1' is not a server\n\n");
            // The other way round the servers refuse the client's state and ignore its alive messages.
            client.join(List.of("127.0.0.1:" + b.boundPort())).get();
            Eventually.holdsFor(Duration.ofSeconds(1), () -> {
                assertThat(a.members()).extracting(m -> m.name()).containsExactlyInAnyOrder("s1.dc1", "s1.dc2");
                assertThat(b.members()).extracting(m -> m.name()).containsExactlyInAnyOrder("s1.dc1", "s1.dc2");
            });
        }
    }

    @Test
    void bindingEverywhereWithoutAnAdvertiseAddressIsRefused() {
        SerfPool p = new SerfPool(SerfConfig.lan("n", "0.0.0.0", 0, "dc1"), new InProcessEventBus());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::start);
        assertThat(e).hasMessageContaining("advertise address is required");
        p.close();
    }
}
