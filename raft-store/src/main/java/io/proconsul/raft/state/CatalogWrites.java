package io.proconsul.raft.state;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.store.CatalogRegister;

/**
 * The catalog's writes inside one {@link WriteTx}, Consul's {@code xxxTxn} functions of
 * agent/consul/state/catalog.go. Each stamps what it changes with {@code tx.index()}. As in Consul, a check
 * stored critical, a deregistered check and a deregistered node invalidate the sessions depending on them
 * in the same transaction ({@link SessionWrites}). Stateless; runs on the apply thread.
 */
final class CatalogWrites {

    /** Consul's ErrMissingNode and ErrMissingService texts. */
    static final String MISSING_NODE = "Missing node registration";
    static final String MISSING_SERVICE = "Missing service registration";

    private CatalogWrites() {}

    /**
     * Consul's ensureRegistrationTxn: the node (only if the request changes it), the service (only if it
     * differs from the stored one), then each check. Any failure throws and the caller rolls back.
     */
    static boolean registerInBatch(WriteTx tx, CatalogRegister r) {
        Node existing = CatalogReads.node(tx, r.node());
        if (existing == null || changesNode(r, existing)) {
            Node node = new Node(r.id(), r.node(), r.address(), "", r.taggedAddresses(), r.nodeMeta(), 0, 0);
            ensureNodeInBatch(tx, node, existing);
        }
        if (r.service() != null) {
            NodeService s = r.service();
            if (s.id().isEmpty()) {
                // The agent's rule: an instance registered without an ID is identified by its name.
                s = new NodeService(s.kind(), s.service(), s.service(), s.tags(), s.meta(), s.port(), s.address(),
                        s.taggedAddresses(), s.weights(), s.enableTagOverride(), 0, 0);
            }
            ensureServiceInBatch(tx, r.node(), s);
        }
        for (HealthCheck c : r.checks()) {
            String checkNode = c.node().isEmpty() ? r.node() : c.node();
            if (!checkNode.equalsIgnoreCase(r.node())) {
                throw new CatalogOpException(String.format("check node %s does not match node %s",
                        KvTable.quote(checkNode), KvTable.quote(r.node())));
            }
            ensureCheckInBatch(tx, withNode(c, checkNode));
        }
        return true;
    }

    /** Consul's RegisterRequest.ChangesNode: whether the request would alter the stored node. */
    private static boolean changesNode(CatalogRegister r, Node n) {
        if (r.skipNodeUpdate()) {
            return false;
        }
        return !r.id().equals(n.id()) || !r.node().equals(n.node()) || !r.address().equals(n.address())
                || !r.taggedAddresses().equals(n.taggedAddresses()) || !r.nodeMeta().equals(n.meta());
    }

    /**
     * Consul's ensureNodeTxn. A node with an ID is matched by ID first: registering a known ID under a new
     * name renames the node (the old name is deleted with its services and checks; CreateIndex stays), unless
     * the new name belongs to another live node. Otherwise the node is matched by name. CreateIndex is kept;
     * a changed node moves the index of every service on it; an unchanged one is not rewritten.
     */
    static void ensureNodeInBatch(WriteTx tx, Node node, Node byName) {
        Node existing = byName;
        if (!node.id().isEmpty()) {
            Node byId = nodeById(tx, node.id());
            if (byId != null) {
                existing = byId;
                if (!byId.node().equalsIgnoreCase(node.node())) {
                    ensureNameFree(tx, node, false, String.format("Error while renaming Node ID: %s (%s)",
                            KvTable.quote(node.id()), node.address()));
                    deleteNodeInBatch(tx, byId.node());
                }
            } else {
                ensureNameFree(tx, node, true, "Error while renaming Node ID: " + KvTable.quote(node.id()));
            }
        }
        long create = tx.index();
        if (existing != null) {
            if (existing.withIndexes(0, 0).equals(node.withIndexes(0, 0))) {
                return;
            }
            create = existing.createIndex();
        }
        Node stored = node.withIndexes(create, tx.index());
        tx.put(tx.tables().nodes(), CatalogRows.nodeKey(node.node()), CatalogRows.encode(stored));
        TableIndex.set(tx, Tables.NODES, tx.index());
        touchServicesOf(tx, node.node());
    }

    /** Consul's getNodeIDTxn; node IDs are UUIDs, compared case-insensitively. Scans: nodes are few. */
    private static Node nodeById(ReadView view, String id) {
        Node[] found = new Node[1];
        view.scan(view.tables().nodes(), new byte[0], (k, v) -> {
            Node n = CatalogRows.decode(v, Node.class);
            if (n.id().equalsIgnoreCase(id)) {
                found[0] = n;
                return false;
            }
            return true;
        });
        return found[0];
    }

    /**
     * Consul's ensureNoNodeWithSimilarNameTxn: another node (other ID) holding the name keeps it while its
     * serfHealth check is not critical; with {@code allowClashWithoutId}, a holder without an ID gives it up.
     */
    private static void ensureNameFree(WriteTx tx, Node node, boolean allowClashWithoutId, String context) {
        Node holder = CatalogReads.node(tx, node.node());
        if (holder == null || holder.id().equals(node.id()) || (holder.id().isEmpty() && allowClashWithoutId)) {
            return;
        }
        HealthCheck serf = CatalogReads.check(tx, holder.node(), HealthStatus.SERF_CHECK_ID);
        if (serf != null && !serf.status().equals(HealthStatus.CRITICAL)) {
            throw new CatalogOpException(String.format("failed inserting node: %s: Node name %s is reserved by node "
                    + "%s with name %s (%s)", context, node.node(), holder.id(), holder.node(), holder.address()));
        }
    }

    /**
     * Consul's ensureServiceTxn: stores the instance unless it equals the stored one, keeping CreateIndex.
     * A rename (same ID, other name) moves both names' indexes and the name index row.
     */
    static void ensureServiceInBatch(WriteTx tx, String node, NodeService service) {
        if (CatalogReads.node(tx, node) == null) {
            throw new CatalogOpException(MISSING_NODE);
        }
        NodeService existing = CatalogReads.service(tx, node, service.id());
        long create = tx.index();
        if (existing != null) {
            if (existing.withIndexes(0, 0).equals(service.withIndexes(0, 0))) {
                return;
            }
            create = existing.createIndex();
            if (!CatalogRows.fold(existing.service()).equals(CatalogRows.fold(service.service()))) {
                tx.delete(tx.tables().serviceInstances(),
                        CatalogRows.instanceKey(existing.service(), node, existing.id()));
                TableIndex.setService(tx, existing.service(), tx.index());
            }
        }
        byte[] key = CatalogRows.serviceKey(node, service.id());
        tx.put(tx.tables().services(), key, CatalogRows.encode(service.withIndexes(create, tx.index())));
        tx.put(tx.tables().serviceInstances(), CatalogRows.instanceKey(service.service(), node, service.id()), key);
        TableIndex.set(tx, Tables.SERVICES, tx.index());
        TableIndex.setService(tx, service.service(), tx.index());
    }

    /**
     * Consul's ensureCheckTxn: a check on a service takes the service's name and tags (and fails if the
     * node has no such service); a node-level check counts for every service on the node, so it moves all
     * their indexes. An unchanged check is not rewritten.
     */
    static void ensureCheckInBatch(WriteTx tx, HealthCheck check) {
        if (CatalogReads.node(tx, check.node()) == null) {
            throw failedCheck(check, MISSING_NODE);
        }
        HealthCheck existing = CatalogReads.check(tx, check.node(), check.checkId());
        HealthCheck c = check;
        NodeService service = null;
        if (!check.isNodeCheck()) {
            service = CatalogReads.service(tx, check.node(), check.serviceId());
            if (service == null) {
                throw failedCheck(check, MISSING_SERVICE);
            }
            c = new HealthCheck(check.node(), check.checkId(), check.name(), check.status(), check.notes(),
                    check.output(), check.serviceId(), service.service(), service.tags(), check.type(),
                    check.interval(), check.timeout(), 0, 0);
        }
        if (c.status().equals(HealthStatus.CRITICAL)) {
            // Consul's ensureCheckTxn: the sessions depending on a critical check end in the same write.
            SessionWrites.invalidateForCheck(tx, c.node(), c.checkId());
        }
        long create = tx.index();
        if (existing != null) {
            if (existing.withIndexes(0, 0).equals(c.withIndexes(0, 0))) {
                return;
            }
            create = existing.createIndex();
        }
        tx.put(tx.tables().checks(), CatalogRows.checkKey(c.node(), c.checkId()),
                CatalogRows.encode(c.withIndexes(create, tx.index())));
        TableIndex.set(tx, Tables.CHECKS, tx.index());
        touchServicesOfCheck(tx, c, service);
    }

    /** Consul's deleteNodeTxn: the node's checks, its services, then the node. */
    static boolean deleteNodeInBatch(WriteTx tx, String node) {
        Node existing = CatalogReads.node(tx, node);
        if (existing == null) {
            return true;
        }
        for (HealthCheck c : CatalogReads.checksOf(tx, node)) {
            deleteCheckInBatch(tx, node, c.checkId());
        }
        for (NodeService s : CatalogReads.servicesOf(tx, node)) {
            deleteServiceInBatch(tx, node, s.id());
        }
        CoordinateTable.deleteNodeInBatch(tx, node);
        tx.delete(tx.tables().nodes(), CatalogRows.nodeKey(node));
        TableIndex.set(tx, Tables.NODES, tx.index());
        SessionWrites.invalidateForNode(tx, node);
        return true;
    }

    /** Consul's deleteServiceTxn: the instance's checks, then the instance; its service's index moves. */
    static boolean deleteServiceInBatch(WriteTx tx, String node, String serviceId) {
        NodeService existing = CatalogReads.service(tx, node, serviceId);
        if (existing == null) {
            return true;
        }
        for (HealthCheck c : CatalogReads.checksOf(tx, node)) {
            if (c.serviceId().equalsIgnoreCase(serviceId)) {
                deleteCheckInBatch(tx, node, c.checkId());
            }
        }
        tx.delete(tx.tables().services(), CatalogRows.serviceKey(node, serviceId));
        tx.delete(tx.tables().serviceInstances(), CatalogRows.instanceKey(existing.service(), node, existing.id()));
        TableIndex.set(tx, Tables.SERVICES, tx.index());
        // The row stays: a blocking query on a service that just lost its last instance must see the index
        // move forward, never fall back to an older table index.
        TableIndex.setService(tx, existing.service(), tx.index());
        return true;
    }

    /** Consul's deleteCheckTxn: the services the check covered see their index move. */
    static boolean deleteCheckInBatch(WriteTx tx, String node, String checkId) {
        HealthCheck existing = CatalogReads.check(tx, node, checkId);
        if (existing == null) {
            return true;
        }
        tx.delete(tx.tables().checks(), CatalogRows.checkKey(node, checkId));
        TableIndex.set(tx, Tables.CHECKS, tx.index());
        SessionWrites.invalidateForCheck(tx, node, checkId);
        NodeService service = existing.isNodeCheck() ? null : CatalogReads.service(tx, node, existing.serviceId());
        touchServicesOfCheck(tx, existing, service);
        return true;
    }

    private static void touchServicesOfCheck(WriteTx tx, HealthCheck check, NodeService service) {
        if (check.isNodeCheck()) {
            touchServicesOf(tx, check.node());
        } else if (service != null) {
            TableIndex.setService(tx, service.service(), tx.index());
        } else if (!check.serviceName().isEmpty()) {
            TableIndex.setService(tx, check.serviceName(), tx.index());
        }
    }

    /** Consul's updateAllServiceIndexesOfNode. */
    private static void touchServicesOf(WriteTx tx, String node) {
        for (NodeService s : CatalogReads.servicesOf(tx, node)) {
            TableIndex.setService(tx, s.service(), tx.index());
        }
    }

    /** Consul wraps check failures with the node, as ensureCheckIfNodeMatches does. */
    private static CatalogOpException failedCheck(HealthCheck check, String why) {
        return new CatalogOpException(String.format("failed inserting check on node %s: %s",
                KvTable.quote(check.node()), why));
    }

    private static HealthCheck withNode(HealthCheck c, String node) {
        return new HealthCheck(node, c.checkId(), c.name(), c.status(), c.notes(), c.output(), c.serviceId(),
                c.serviceName(), c.serviceTags(), c.type(), c.interval(), c.timeout(), 0, 0);
    }
}
