package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** One entry of a service's {@code TaggedAddresses} ({@code lan}, {@code wan}, ...): Consul's {@code ServiceAddress}. */
@JsonPropertyOrder({"Address", "Port"})
public record ServiceAddress(@JsonProperty("Address") String address, @JsonProperty("Port") int port) {

    public ServiceAddress {
        Objects.requireNonNull(address, "address");
    }
}
