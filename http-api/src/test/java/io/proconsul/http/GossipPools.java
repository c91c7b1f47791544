package io.proconsul.http;

import io.proconsul.core.Version;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.serf.SerfConfig;
import io.proconsul.serf.SerfPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real serf pools on 127.0.0.1 with ephemeral ports and timings scaled down tenfold (failures are detected
 * in about a second), on a bus of their own; all closed together.
 */
final class GossipPools implements AutoCloseable {

    static final double SCALE = 0.1;

    private final InProcessEventBus bus = new InProcessEventBus();
    private final List<SerfPool> pools = new ArrayList<>();

    /** A started LAN pool member of dc1 with the tags Consul's agents gossip. */
    SerfPool lan(String node, boolean server) throws Exception {
        Map<String, String> tags = server
                ? Map.of("role", "consul", "dc", "dc1", "id", UUID.randomUUID().toString(), "vsn", "2",
                        "build", Version.CONSUL + ":" + Version.REVISION, "port", "8300", "segment", "")
                : Map.of("role", "node", "dc", "dc1", "id", UUID.randomUUID().toString(), "vsn", "2",
                        "build", Version.CONSUL + ":" + Version.REVISION, "segment", "");
        return start(SerfConfig.lan(node, "127.0.0.1", 0, "dc1").withTags(tags).scaled(SCALE));
    }

    /** A started WAN pool member named {@code node.dc1}. */
    SerfPool wan(String node) throws Exception {
        Map<String, String> tags = Map.of("role", "consul", "dc", "dc1", "id", UUID.randomUUID().toString(),
                "vsn", "2", "build", Version.CONSUL + ":" + Version.REVISION, "port", "8300");
        return start(SerfConfig.wan(node + ".dc1", "127.0.0.1", 0, "dc1").withTags(tags).scaled(SCALE));
    }

    private SerfPool start(SerfConfig config) throws Exception {
        SerfPool pool = new SerfPool(config, bus);
        pool.start();
        pools.add(pool);
        return pool;
    }

    static String address(SerfPool pool) {
        return "127.0.0.1:" + pool.boundPort();
    }

    @Override
    public void close() {
        pools.forEach(SerfPool::close);
        bus.close();
    }
}
