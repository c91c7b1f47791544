package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.catalog.Weights;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The catalog answers whose shape differs from the store's records, as Consul's {@code api} package reads them. */
final class CatalogJson {

    private CatalogJson() {}

    /**
     * A node as Consul writes it ({@code structs.Node}): the datacenter of the servers that hold it whatever
     * the registration said, {@code TaggedAddresses} {@code null} when the node was registered without any
     * (Go's nil map, which clients such as kiwiproject's read as absent; an empty object breaks them), and
     * maps in key order as Go writes them.
     */
    @JsonPropertyOrder({"ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta", "CreateIndex",
            "ModifyIndex"})
    record NodeJson(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {

        static NodeJson of(Node n, String datacenter) {
            return new NodeJson(n.id(), n.node(), n.address(), n.datacenter().isEmpty() ? datacenter : n.datacenter(),
                    n.taggedAddresses().isEmpty() ? null : new TreeMap<>(n.taggedAddresses()), new TreeMap<>(n.meta()),
                    n.createIndex(), n.modifyIndex());
        }
    }

    /** One element of {@code /v1/health/service/<name>}: Consul's {@code CheckServiceNode}. */
    @JsonPropertyOrder({"Node", "Service", "Checks"})
    record EntryJson(@JsonProperty("Node") NodeJson node, @JsonProperty("Service") NodeService service,
            @JsonProperty("Checks") List<HealthCheck> checks) {

        static EntryJson of(ServiceEntry e, String datacenter) {
            return new EntryJson(NodeJson.of(e.node(), datacenter), e.service(), e.checks());
        }
    }

    /**
     * One element of {@code /v1/catalog/service/<name>}: Consul's flat {@code ServiceNode}
     * ({@code api.CatalogService}),
     * the node's fields beside the service's with a {@code Service} prefix. {@code TaggedAddresses} is
     * {@code null} for a node registered without any, as Go writes a nil map; the indexes are the service's.
     */
    @JsonPropertyOrder({"ID", "Node", "Address", "Datacenter", "TaggedAddresses", "NodeMeta", "ServiceKind",
            "ServiceID", "ServiceName", "ServiceTags", "ServiceAddress", "ServiceTaggedAddresses", "ServiceWeights",
            "ServiceMeta", "ServicePort", "ServiceEnableTagOverride", "ServiceProxy", "ServiceConnect",
            "CreateIndex", "ModifyIndex"})
    record CatalogService(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("NodeMeta") Map<String, String> nodeMeta,
            @JsonProperty("ServiceKind") String serviceKind,
            @JsonProperty("ServiceID") String serviceId,
            @JsonProperty("ServiceName") String serviceName,
            @JsonProperty("ServiceTags") List<String> serviceTags,
            @JsonProperty("ServiceAddress") String serviceAddress,
            @JsonProperty("ServiceTaggedAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                    Map<String, ServiceAddress> serviceTaggedAddresses,
            @JsonProperty("ServiceWeights") Weights serviceWeights,
            @JsonProperty("ServiceMeta") Map<String, String> serviceMeta,
            @JsonProperty("ServicePort") int servicePort,
            @JsonProperty("ServiceEnableTagOverride") boolean serviceEnableTagOverride,
            @JsonProperty("ServiceProxy") ServiceProxy serviceProxy,
            @JsonProperty("ServiceConnect") ServiceConnect serviceConnect,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {

        static CatalogService of(ServiceEntry e, String datacenter) {
            NodeJson n = NodeJson.of(e.node(), datacenter);
            NodeService s = e.service();
            return new CatalogService(n.id(), n.node(), n.address(), n.datacenter(), n.taggedAddresses(), n.meta(),
                    s.kind(), s.id(), s.service(), s.tags(), s.address(), new TreeMap<>(s.taggedAddresses()),
                    s.weights(), new TreeMap<>(s.meta()), s.port(), s.enableTagOverride(), ServiceProxy.NONE,
                    ServiceConnect.NONE, s.createIndex(), s.modifyIndex());
        }
    }

    /**
     * A typical (non-proxy) service's {@code ServiceProxy} as Consul writes it: every other field is
     * {@code omitempty}; Connect proxies are not supported yet.
     */
    @JsonPropertyOrder({"Mode", "MeshGateway", "Expose"})
    record ServiceProxy(@JsonProperty("Mode") String mode, @JsonProperty("MeshGateway") Empty meshGateway,
            @JsonProperty("Expose") Empty expose) {
        static final ServiceProxy NONE = new ServiceProxy("", new Empty(), new Empty());
    }

    /** A service's {@code ServiceConnect} without Connect: {@code {}}. */
    record ServiceConnect() {
        static final ServiceConnect NONE = new ServiceConnect();
    }

    /** An object whose fields are all empty and omitted: {@code {}}. */
    record Empty() {}

    /**
     * {@code /v1/catalog/node/<name>}: Consul's {@code NodeServices}, the services keyed by ID (sorted, as Go
     * writes a map).
     */
    @JsonPropertyOrder({"Node", "Services"})
    record NodeWithServices(@JsonProperty("Node") NodeJson node,
            @JsonProperty("Services") Map<String, NodeService> services) {

        static NodeWithServices of(NodeJson node, List<NodeService> services) {
            Map<String, NodeService> byId = new TreeMap<>();
            services.forEach(s -> byId.put(s.id(), s));
            return new NodeWithServices(node, byId);
        }
    }
}
