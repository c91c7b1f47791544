package io.proconsul.core.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A health check as an operator defines it: a {@code check {}} block (top-level or inside a service) or
 * the body of {@code PUT /v1/agent/check/register} (Consul's {@code CheckDefinition}). Exactly one kind
 * is set: {@code args} (script), {@code http}, {@code tcp}, {@code grpc} or {@code ttl}.
 *
 * @param id {@code ""} means the name (or {@code service:<id>} for a service's unnamed check, as Consul)
 * @param serviceId the service it is bound to; {@code ""} for a node-level check
 * @param header HTTP check request headers, each with one or more values
 * @param ttl for a TTL check, how long a reported state holds; {@code null} otherwise
 * @param interval how often a script/HTTP/TCP/gRPC check runs; {@code null} for a TTL check
 * @param timeout {@code null} for the kind's default (Consul: 10 s, script checks 30 s)
 * @param status the initial state; {@code ""} means critical, as Consul
 * @param deregisterCriticalServiceAfter {@code null} for never
 */
public record CheckDefinition(
        String id,
        String name,
        String notes,
        String serviceId,
        List<String> args,
        String http,
        String method,
        Map<String, List<String>> header,
        String body,
        boolean tlsSkipVerify,
        String tcp,
        String grpc,
        boolean grpcUseTls,
        Duration ttl,
        Duration interval,
        Duration timeout,
        String status,
        int successBeforePassing,
        int failuresBeforeCritical,
        Duration deregisterCriticalServiceAfter) {

    public CheckDefinition {
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        notes = notes == null ? "" : notes;
        serviceId = serviceId == null ? "" : serviceId;
        args = args == null ? List.of() : List.copyOf(args);
        http = http == null ? "" : http;
        method = method == null ? "" : method;
        header = header == null ? Map.of() : Map.copyOf(header);
        body = body == null ? "" : body;
        tcp = tcp == null ? "" : tcp;
        grpc = grpc == null ? "" : grpc;
        status = status == null ? "" : status;
    }

    /** Consul's check type name: {@code script}, {@code http}, {@code tcp}, {@code grpc}, {@code ttl}, or {@code ""}. */
    public String type() {
        if (!args.isEmpty()) {
            return "script";
        } else if (!http.isEmpty()) {
            return "http";
        } else if (!tcp.isEmpty()) {
            return "tcp";
        } else if (!grpc.isEmpty()) {
            return "grpc";
        } else if (ttl != null) {
            return "ttl";
        }
        return "";
    }
}
