package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One health check, Consul's {@code HealthCheck}: the element of {@code /v1/health/checks|node|state}
 * answers and of the {@code Checks} of a {@code /v1/health/service} entry.
 *
 * @param serviceId {@code ""} for a node-level check (which counts for every service on the node)
 * @param status one of {@link HealthStatus#ALL}
 * @param type {@code script}, {@code http}, {@code tcp}, {@code ttl}, {@code grpc}, {@code serf} (the
 *     leader's gossip check), {@code ""} for a check registered through the catalog
 * @param interval Consul's Go duration text ({@code "10s"}), {@code ""} when none
 */
@JsonPropertyOrder({"Node", "CheckID", "Name", "Status", "Notes", "Output", "ServiceID", "ServiceName",
        "ServiceTags", "Type", "Interval", "Timeout", "CreateIndex", "ModifyIndex"})
public record HealthCheck(
        @JsonProperty("Node") String node,
        @JsonProperty("CheckID") String checkId,
        @JsonProperty("Name") String name,
        @JsonProperty("Status") String status,
        @JsonProperty("Notes") String notes,
        @JsonProperty("Output") String output,
        @JsonProperty("ServiceID") String serviceId,
        @JsonProperty("ServiceName") String serviceName,
        @JsonProperty("ServiceTags") List<String> serviceTags,
        @JsonProperty("Type") String type,
        @JsonProperty("Interval") String interval,
        @JsonProperty("Timeout") String timeout,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {

    public HealthCheck {
        node = node == null ? "" : node;
        Objects.requireNonNull(checkId, "checkId");
        name = name == null ? "" : name;
        status = status == null || status.isEmpty() ? HealthStatus.CRITICAL : status;
        notes = notes == null ? "" : notes;
        output = output == null ? "" : output;
        serviceId = serviceId == null ? "" : serviceId;
        serviceName = serviceName == null ? "" : serviceName;
        serviceTags = serviceTags == null ? List.of() : List.copyOf(serviceTags);
        type = type == null ? "" : type;
        interval = interval == null ? "" : interval;
        timeout = timeout == null ? "" : timeout;
    }

    public HealthCheck withIndexes(long create, long modify) {
        return new HealthCheck(node, checkId, name, status, notes, output, serviceId, serviceName, serviceTags,
                type, interval, timeout, create, modify);
    }

    public HealthCheck withStatus(String newStatus, String newOutput) {
        return new HealthCheck(node, checkId, name, newStatus, notes, newOutput, serviceId, serviceName,
                serviceTags, type, interval, timeout, createIndex, modifyIndex);
    }

    /** Whether this check is about the whole node rather than one service. Not a wire field. */
    @JsonIgnore
    public boolean isNodeCheck() {
        return serviceId.isEmpty();
    }
}
