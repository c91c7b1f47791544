package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** A node with the services registered on it: the data of {@code /v1/catalog/node/<name>}. */
@JsonPropertyOrder({"Node", "Services"})
public record NodeServices(@JsonProperty("Node") Node node, @JsonProperty("Services") List<NodeService> services) {

    public NodeServices {
        Objects.requireNonNull(node, "node");
        services = services == null ? List.of() : List.copyOf(services);
    }
}
