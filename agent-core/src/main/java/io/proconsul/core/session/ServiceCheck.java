package io.proconsul.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A service check a session depends on, Consul's {@code structs.ServiceCheck}.
 *
 * @param id the check's ID (its {@code CheckID})
 * @param namespace Consul Enterprise's namespace; always {@code ""} here and left out of the JSON
 */
public record ServiceCheck(
        @JsonProperty("ID") String id,
        @JsonProperty("Namespace") @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace) {

    public ServiceCheck {
        Objects.requireNonNull(id, "id");
        namespace = namespace == null ? "" : namespace;
    }

    public static ServiceCheck of(String id) {
        return new ServiceCheck(id, "");
    }
}
