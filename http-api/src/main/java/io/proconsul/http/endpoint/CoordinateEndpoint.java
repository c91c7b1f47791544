package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.CoordinateNode;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import io.proconsul.http.ResponseHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/coordinate/*}, after Consul's {@code coordinate_endpoint.go} (api-docs/coordinate.mdx):
 * the LAN coordinates of every node or of one (blocking queries, consistency modes, sorted by node name,
 * filtered by {@code ?segment} when given; an unknown node is a 404 with an empty body), the WAN
 * coordinates by datacenter, and {@code PUT /v1/coordinate/update}.
 *
 * <p>Update is written at once as a one-entry {@link CoordinateBatchUpdate}; Consul's servers queue updates
 * and the leader writes them in batches, which only saves Raft writes. As in Consul an update for a node the
 * catalog does not know is accepted and dropped, and a coordinate with a NaN or infinite component, or of
 * another dimensionality than serf's, is refused with Consul's RPC error (a 500).
 *
 * <p>The datacenters answer holds this datacenter only (WAN federation is not implemented), with the WAN
 * coordinate of this server; a client agent, which is in no WAN pool, lists no coordinates.
 * Stateless; runs on the event loop and never blocks it.
 */
public final class CoordinateEndpoint {

    static final String INVALID_COORDINATE = "invalid coordinate";
    static final String AREA_WAN = "wan";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final io.proconsul.core.store.Store store;
    private final QueryOptionsParser options;
    private final String datacenter;
    private final String nodeName;
    private final Membership wan;

    /** Consul's {@code DatacenterMap}. */
    @JsonPropertyOrder({"Datacenter", "AreaID", "Coordinates"})
    record DatacenterMap(@JsonProperty("Datacenter") String datacenter, @JsonProperty("AreaID") String areaId,
            @JsonProperty("Coordinates") List<WanCoordinate> coordinates) {}

    /** A WAN coordinate: Consul's {@code structs.Coordinate} without the segment. */
    @JsonPropertyOrder({"Node", "Coord"})
    record WanCoordinate(@JsonProperty("Node") String node, @JsonProperty("Coord") Coordinate coord) {}

    /**
     * @param nodeName this agent's node, named in the WAN coordinates
     * @param wan the WAN pool of a server; null on a client agent
     */
    public CoordinateEndpoint(io.proconsul.core.store.Store store, QueryOptionsParser options, String datacenter,
            String nodeName, Membership wan) {
        this.store = store;
        this.options = options;
        this.datacenter = datacenter;
        this.nodeName = nodeName;
        this.wan = wan;
    }

    public CompletableFuture<ApiResponse> datacenters(ApiRequest req) {
        List<WanCoordinate> coords = new ArrayList<>();
        if (wan != null) {
            wan.networkCoordinate().ifPresent(c -> coords.add(new WanCoordinate(nodeName, c)));
        }
        return CompletableFuture.completedFuture(
                ApiResponse.json(List.of(new DatacenterMap(datacenter, AREA_WAN, coords))));
    }

    public CompletableFuture<ApiResponse> nodes(ApiRequest req) {
        QueryOptions opts = read(req);
        return req.onLoop(store.query(new CoordinateNodes(), opts))
                .thenApply(r -> CatalogEndpoint.answer(r, filter(req, r)));
    }

    /** {@code /v1/coordinate/node/<node>}: 404 with an empty body (and the index headers) when none. */
    public CompletableFuture<ApiResponse> node(ApiRequest req) {
        String name = req.path().substring("/v1/coordinate/node/".length());
        QueryOptions opts = read(req);
        return req.onLoop(store.query(new CoordinateNode(name), opts)).thenApply(r -> {
            List<CoordinateEntry> found = filter(req, r);
            return found.isEmpty()
                    ? ResponseHeaders.meta(ApiResponse.empty(HttpResponseStatus.NOT_FOUND), r)
                    : CatalogEndpoint.answer(r, found);
        });
    }

    public CompletableFuture<ApiResponse> update(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(options.datacenter(req));
        CoordinateEntry entry = decode(req);
        Coordinate c = entry.coord();
        if (!c.isValid()) {
            throw new ApiException.ServerError(INVALID_COORDINATE);
        }
        if (c.vec().length != Coordinate.DIMENSIONALITY) {
            throw new ApiException.ServerError("rejected bad coordinate: " + c);
        }
        return req.onLoop(store.apply(new CoordinateBatchUpdate(List.of(entry))))
                .thenApply(ok -> ApiResponse.empty(HttpResponseStatus.OK));
    }

    /** Consul's {@code filterCoordinates}: with {@code ?segment} only that segment; sorted by node name. */
    private static List<CoordinateEntry> filter(ApiRequest req, QueryResult<List<CoordinateEntry>> r) {
        boolean bySegment = req.query().has("segment");
        String segment = req.query().get("segment");
        return r.value().stream()
                .filter(e -> !bySegment || e.segment().equals(segment))
                .sorted(Comparator.comparing(CoordinateEntry::node))
                .toList();
    }

    private static CoordinateEntry decode(ApiRequest req) {
        if (req.bodyLength() == 0) {
            throw new ApiException.BadRequest("Request decode failed: EOF");
        }
        CoordinateEntry entry;
        try {
            entry = JSON.readValue(req.bodyStream(), CoordinateEntry.class);
        } catch (IOException | RuntimeException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getMessage());
        }
        if (entry == null) {
            throw new ApiException.BadRequest("Request decode failed: EOF");
        }
        return entry;
    }

    private QueryOptions read(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        return opts;
    }
}
