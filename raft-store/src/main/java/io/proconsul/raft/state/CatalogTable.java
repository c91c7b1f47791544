package io.proconsul.raft.state;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalog: Consul's {@code nodes}, {@code services} and {@code checks} tables with the semantics of
 * agent/consul/state/catalog.go. Every write takes the Raft index it is applied at; it becomes the
 * ModifyIndex (and CreateIndex when new) of what it changes, the index of each table it touches, and the
 * own index ({@code service.<name>}) of every service it affects: an instance, a check on one, or the node
 * hosting one, node-level checks included. A blocking query on one service waits on that index alone, so
 * writes to other services do not wake it (Consul issue #1244).
 *
 * <p>Writing what is already stored changes nothing, not even an index: re-registering an unchanged node,
 * service or check keeps its ModifyIndex and wakes nobody, as Consul avoids the churn anti-entropy would
 * otherwise cause. Deleting what does not exist is not an error.
 *
 * <p>Public single-operation writes open their own batch; the {@code xxxInBatch} helpers in
 * {@link CatalogWrites} are what the state machine (and later {@code /v1/txn}) combine in one transaction.
 * Threading: writes from the single apply thread; reads from any thread.
 */
public final class CatalogTable {

    private final StateStore store;

    public CatalogTable(StateStore store) {
        this.store = store;
    }

    // ---- writes ----

    /**
     * Consul's EnsureRegistration at raft index {@code idx}. Throws {@link CatalogOpException} with
     * Consul's text when the store refuses it; then nothing is written.
     */
    public void ensureRegistration(long idx, CatalogRegister register) {
        write(idx, tx -> CatalogWrites.registerInBatch(tx, register));
    }

    /** Consul's DeleteNode: the node with all its services and checks. */
    public void deleteNode(long idx, String node) {
        write(idx, tx -> CatalogWrites.deleteNodeInBatch(tx, node));
    }

    /** Consul's DeleteService: the instance and its checks. */
    public void deleteService(long idx, String node, String serviceId) {
        write(idx, tx -> CatalogWrites.deleteServiceInBatch(tx, node, serviceId));
    }

    /** Consul's DeleteCheck. */
    public void deleteCheck(long idx, String node, String checkId) {
        write(idx, tx -> CatalogWrites.deleteCheckInBatch(tx, node, checkId));
    }

    /** Applies {@code Catalog.Register} inside the entry's transaction; {@code true}, or a business failure. */
    public Boolean apply(WriteTx tx, CatalogRegister register) {
        return CatalogWrites.registerInBatch(tx, register);
    }

    /**
     * Applies {@code Catalog.Deregister} inside the entry's transaction as Consul's endpoint does: the
     * service if given, the check if given, the whole node when neither is.
     */
    public Boolean apply(WriteTx tx, CatalogDeregister deregister) {
        if (deregister.serviceId().isEmpty() && deregister.checkId().isEmpty()) {
            return CatalogWrites.deleteNodeInBatch(tx, deregister.node());
        }
        if (!deregister.serviceId().isEmpty()) {
            CatalogWrites.deleteServiceInBatch(tx, deregister.node(), deregister.serviceId());
        }
        if (!deregister.checkId().isEmpty()) {
            CatalogWrites.deleteCheckInBatch(tx, deregister.node(), deregister.checkId());
        }
        return true;
    }

    // ---- reads (each answer with the index its query's javadoc in agent-core names) ----

    /** Every node by name; index: the nodes table's. */
    public Indexed<List<Node>> nodes() {
        return store.read(CatalogReads::nodes);
    }

    /** Service names with their tags; index: the services table's. */
    public Indexed<Map<String, List<String>>> services() {
        return store.read(CatalogReads::services);
    }

    /** The instances of one service; index: the service's own (the services table's if never seen). */
    public Indexed<List<ServiceEntry>> serviceNodes(String service) {
        return store.read(view -> CatalogReads.serviceNodes(view, service));
    }

    /** One node and its services; index: the highest of the nodes and services tables'. */
    public Indexed<Optional<NodeServices>> nodeInfo(String node) {
        return store.read(view -> CatalogReads.nodeInfo(view, node));
    }

    /** The checks of one node; index: the checks table's. */
    public Indexed<List<HealthCheck>> nodeChecks(String node) {
        return store.read(view -> CatalogReads.nodeChecks(view, node));
    }

    /** The checks of one service's instances; index: the checks table's. */
    public Indexed<List<HealthCheck>> serviceChecks(String service) {
        return store.read(view -> CatalogReads.serviceChecks(view, service));
    }

    /** The checks in one state ({@code any}: all); index: the checks table's. */
    public Indexed<List<HealthCheck>> checksInState(String state) {
        return store.read(view -> CatalogReads.checksInState(view, state));
    }

    /** A service's own index: what a blocking query on its instances waits to pass. */
    public long serviceIndex(String service) {
        return store.read(view -> CatalogReads.serviceIndex(view, service));
    }

    /** The service instance, or {@code null}. */
    public NodeService service(String node, String serviceId) {
        return store.read(view -> CatalogReads.service(view, node, serviceId));
    }

    private <T> T write(long idx, Function<WriteTx, T> op) {
        try (WriteTx tx = store.begin(0, idx)) {
            T result = op.apply(tx);
            store.commit(tx);
            return result;
        }
    }
}
