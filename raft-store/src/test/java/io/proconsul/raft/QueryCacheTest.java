package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.raft.state.CatalogTable;
import io.proconsul.raft.state.Indexed;
import io.proconsul.raft.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog read memo: one read per query and committed state, never an answer from before a commit. */
class QueryCacheTest {

    @TempDir
    Path dir;

    private StateStore store;
    private CatalogTable catalog;
    private final QueryCache cache = new QueryCache();
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        catalog = new CatalogTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void sameStateIsReadOnceAndACommitReadsAgain() {
        register(1, "n1", "web");
        ServiceNodes query = new ServiceNodes("web");
        Indexed<List<ServiceEntry>> first = cache.read(query, store, counting("web"));
        Indexed<List<ServiceEntry>> second = cache.read(query, store, counting("web"));
        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);

        register(2, "n2", "web");
        Indexed<List<ServiceEntry>> third = cache.read(query, store, counting("web"));
        assertThat(reads).hasValue(2);
        assertThat(third.value()).hasSize(2);
        assertThat(third.index()).isEqualTo(2);
    }

    @Test
    void queriesAreKeptApartAndAFailedReadIsNotRemembered() {
        register(1, "n1", "web");
        register(2, "n1", "db");
        assertThat(cache.read(new ServiceNodes("web"), store, counting("web")).value())
                .extracting(e -> e.service().service()).containsExactly("web");
        assertThat(cache.read(new ServiceNodes("db"), store, counting("db")).value())
                .extracting(e -> e.service().service()).containsExactly("db");
        assertThat(reads).hasValue(2);

        ServiceNodes api = new ServiceNodes("api");
        Function<StateStore, Indexed<List<ServiceEntry>>> failing = s -> {
            throw new IllegalStateException("boom");
        };
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> cache.read(api, store, failing));
        assertThat(cache.read(api, store, counting("api")).value()).isEmpty();
    }

    @Test
    void onlyCatalogQueriesAreMemoised() {
        assertThat(QueryCache.cacheable(new ServiceNodes("web"))).isTrue();
        assertThat(QueryCache.cacheable(new KvGet("k"))).isFalse();
    }

    private Function<StateStore, Indexed<List<ServiceEntry>>> counting(String service) {
        return s -> {
            reads.incrementAndGet();
            return catalog.serviceNodes(service);
        };
    }

    private void register(long index, String node, String service) {
        NodeService svc = new NodeService("", service, service, List.of(), Map.of(), 80, "", Map.of(), null, false,
                0, 0);
        catalog.ensureRegistration(index, new CatalogRegister(node, "", "10.0.0.1", null, null, svc, null, false));
    }
}
