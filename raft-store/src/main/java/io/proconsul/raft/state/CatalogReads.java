package io.proconsul.raft.state;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The catalog's reads against one {@link ReadView} (a query snapshot, or a write transaction reading its
 * own writes), with the index Consul answers each with. Stateless.
 */
final class CatalogReads {

    private CatalogReads() {}

    // ---- rows ----

    static Node node(ReadView view, String node) {
        byte[] raw = view.get(view.tables().nodes(), CatalogRows.nodeKey(node));
        return raw == null ? null : CatalogRows.decode(raw, Node.class);
    }

    static NodeService service(ReadView view, String node, String serviceId) {
        byte[] raw = view.get(view.tables().services(), CatalogRows.serviceKey(node, serviceId));
        return raw == null ? null : CatalogRows.decode(raw, NodeService.class);
    }

    static HealthCheck check(ReadView view, String node, String checkId) {
        byte[] raw = view.get(view.tables().checks(), CatalogRows.checkKey(node, checkId));
        return raw == null ? null : CatalogRows.decode(raw, HealthCheck.class);
    }

    /** The services on {@code node}, by service ID. */
    static List<NodeService> servicesOf(ReadView view, String node) {
        List<NodeService> out = new ArrayList<>();
        view.scan(view.tables().services(), CatalogRows.nodePrefix(node),
                (k, v) -> out.add(CatalogRows.decode(v, NodeService.class)));
        return out;
    }

    /** The checks on {@code node} (node-level and service checks), by check ID. */
    static List<HealthCheck> checksOf(ReadView view, String node) {
        List<HealthCheck> out = new ArrayList<>();
        view.scan(view.tables().checks(), CatalogRows.nodePrefix(node),
                (k, v) -> out.add(CatalogRows.decode(v, HealthCheck.class)));
        return out;
    }

    /** The {@code services} keys of every instance of {@code service}, by node then service ID. */
    static List<byte[]> instancesOf(ReadView view, String service) {
        List<byte[]> out = new ArrayList<>();
        view.scan(view.tables().serviceInstances(), CatalogRows.instancePrefix(service), (k, v) -> out.add(v));
        return out;
    }

    // ---- queries ----

    static Indexed<List<Node>> nodes(ReadView view) {
        List<Node> out = new ArrayList<>();
        view.scan(view.tables().nodes(), new byte[0], (k, v) -> out.add(CatalogRows.decode(v, Node.class)));
        return new Indexed<>(out, TableIndex.get(view, Tables.NODES));
    }

    /** Service name → the union of its instances' tags, sorted; names in order (of their first spelling). */
    static Indexed<Map<String, List<String>>> services(ReadView view) {
        Map<String, TreeSet<String>> tags = new TreeMap<>();
        view.scan(view.tables().services(), new byte[0], (k, v) -> {
            NodeService s = CatalogRows.decode(v, NodeService.class);
            tags.computeIfAbsent(s.service(), n -> new TreeSet<>()).addAll(s.tags());
            return true;
        });
        Map<String, List<String>> out = new TreeMap<>();
        tags.forEach((name, t) -> out.put(name, List.copyOf(t)));
        return new Indexed<>(out, TableIndex.get(view, Tables.SERVICES));
    }

    /**
     * Every instance of {@code service} with its node and the checks covering it: the node's own checks
     * first, then the instance's, as Consul's parseCheckServiceNodes lists them.
     */
    static Indexed<List<ServiceEntry>> serviceNodes(ReadView view, String service) {
        List<ServiceEntry> out = new ArrayList<>();
        for (byte[] key : instancesOf(view, service)) {
            byte[] raw = view.get(view.tables().services(), key);
            NodeService s = CatalogRows.decode(raw, NodeService.class);
            String nodeKey = nodeOfServiceKey(key);
            Node node = node(view, nodeKey);
            List<HealthCheck> nodeChecks = new ArrayList<>();
            List<HealthCheck> serviceChecks = new ArrayList<>();
            for (HealthCheck c : checksOf(view, nodeKey)) {
                if (c.isNodeCheck()) {
                    nodeChecks.add(c);
                } else if (c.serviceId().equalsIgnoreCase(s.id())) {
                    serviceChecks.add(c);
                }
            }
            nodeChecks.addAll(serviceChecks);
            out.add(new ServiceEntry(node, s, nodeChecks));
        }
        return new Indexed<>(out, serviceIndex(view, service));
    }

    /** The service's own index; for a service never registered, the services table's (as documented). */
    static long serviceIndex(ReadView view, String service) {
        long own = TableIndex.service(view, service);
        return own != 0 ? own : TableIndex.get(view, Tables.SERVICES);
    }

    static Indexed<Optional<NodeServices>> nodeInfo(ReadView view, String node) {
        Node n = node(view, node);
        Optional<NodeServices> out = n == null ? Optional.empty()
                : Optional.of(new NodeServices(n, servicesOf(view, node)));
        return new Indexed<>(out, TableIndex.max(view, Tables.NODES, Tables.SERVICES));
    }

    static Indexed<List<HealthCheck>> nodeChecks(ReadView view, String node) {
        return new Indexed<>(checksOf(view, node), TableIndex.get(view, Tables.CHECKS));
    }

    /** The checks bound to instances of {@code service}, by node then check ID; no node-level checks. */
    static Indexed<List<HealthCheck>> serviceChecks(ReadView view, String service) {
        List<HealthCheck> out = new ArrayList<>();
        String lastNode = null;
        for (byte[] key : instancesOf(view, service)) {
            String nodeKey = nodeOfServiceKey(key);
            if (nodeKey.equals(lastNode)) {
                continue;
            }
            lastNode = nodeKey;
            for (HealthCheck c : checksOf(view, nodeKey)) {
                if (!c.isNodeCheck() && c.serviceName().equalsIgnoreCase(service)) {
                    out.add(c);
                }
            }
        }
        return new Indexed<>(out, TableIndex.get(view, Tables.CHECKS));
    }

    /** Every check in {@code state} ({@code any}: all of them), by node then check ID. */
    static Indexed<List<HealthCheck>> checksInState(ReadView view, String state) {
        List<HealthCheck> out = new ArrayList<>();
        view.scan(view.tables().checks(), new byte[0], (k, v) -> {
            HealthCheck c = CatalogRows.decode(v, HealthCheck.class);
            if (state.equals(HealthStatus.ANY) || c.status().equals(state)) {
                out.add(c);
            }
            return true;
        });
        return new Indexed<>(out, TableIndex.get(view, Tables.CHECKS));
    }

    /** The (folded) node name at the start of a {@code services} key. */
    private static String nodeOfServiceKey(byte[] key) {
        int end = 0;
        while (key[end] != 0) {
            end++;
        }
        return new String(key, 0, end, StandardCharsets.UTF_8);
    }
}
