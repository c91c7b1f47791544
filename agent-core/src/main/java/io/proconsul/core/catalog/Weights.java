package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A service instance's DNS SRV weights by health, Consul's {@code Weights}: {@code Passing} when all its
 * checks pass, {@code Warning} when one warns. Consul's default is 1 and 1.
 */
@JsonPropertyOrder({"Passing", "Warning"})
public record Weights(@JsonProperty("Passing") int passing, @JsonProperty("Warning") int warning) {

    public static final Weights DEFAULT = new Weights(1, 1);
}
