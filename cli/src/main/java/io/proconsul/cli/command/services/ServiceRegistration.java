package io.proconsul.cli.command.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.core.GoDuration;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.local.CheckDefinition;
import io.proconsul.core.local.ServiceDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link ServiceDefinition} as the body of {@code PUT /v1/agent/service/register}, in the field names of
 * Consul's {@code api.AgentServiceRegistration} and {@code api.AgentServiceCheck}: empty fields are left
 * out as Go's {@code omitempty} leaves them out, durations are Go duration strings.
 */
final class ServiceRegistration {

    private ServiceRegistration() {}

    static ObjectNode toJson(ServiceDefinition s, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        text(o, "Kind", s.kind());
        text(o, "ID", s.id());
        text(o, "Name", s.name());
        if (!s.tags().isEmpty()) {
            ArrayNode tags = o.putArray("Tags");
            s.tags().forEach(tags::add);
        }
        if (s.port() != 0) {
            o.put("Port", s.port());
        }
        text(o, "Address", s.address());
        if (!s.taggedAddresses().isEmpty()) {
            ObjectNode tagged = o.putObject("TaggedAddresses");
            for (Map.Entry<String, ServiceAddress> e : s.taggedAddresses().entrySet()) {
                tagged.putObject(e.getKey()).put("Address", e.getValue().address()).put("Port", e.getValue().port());
            }
        }
        if (s.enableTagOverride()) {
            o.put("EnableTagOverride", true);
        }
        if (!s.meta().isEmpty()) {
            ObjectNode meta = o.putObject("Meta");
            s.meta().forEach(meta::put);
        }
        o.putObject("Weights").put("Passing", s.weights().passing()).put("Warning", s.weights().warning());
        if (!s.checks().isEmpty()) {
            ArrayNode checks = o.putArray("Checks");
            s.checks().forEach(c -> checks.add(check(c, json)));
        }
        return o;
    }

    private static ObjectNode check(CheckDefinition c, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        text(o, "CheckID", c.id());
        text(o, "Name", c.name());
        text(o, "Notes", c.notes());
        strings(o, "Args", c.args());
        text(o, "HTTP", c.http());
        text(o, "Method", c.method());
        if (!c.header().isEmpty()) {
            ObjectNode h = o.putObject("Header");
            c.header().forEach((k, v) -> strings(h, k, v));
        }
        text(o, "Body", c.body());
        if (c.tlsSkipVerify()) {
            o.put("TLSSkipVerify", true);
        }
        text(o, "TCP", c.tcp());
        text(o, "GRPC", c.grpc());
        if (c.grpcUseTls()) {
            o.put("GRPCUseTLS", true);
        }
        duration(o, "TTL", c.ttl());
        duration(o, "Interval", c.interval());
        duration(o, "Timeout", c.timeout());
        text(o, "Status", c.status());
        if (c.successBeforePassing() != 0) {
            o.put("SuccessBeforePassing", c.successBeforePassing());
        }
        if (c.failuresBeforeCritical() != 0) {
            o.put("FailuresBeforeCritical", c.failuresBeforeCritical());
        }
        duration(o, "DeregisterCriticalServiceAfter", c.deregisterCriticalServiceAfter());
        return o;
    }

    private static void text(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(key);
            values.forEach(a::add);
        }
    }

    private static void duration(ObjectNode o, String key, Duration d) {
        if (d != null && !d.isZero()) {
            o.put(key, GoDuration.format(d));
        }
    }
}
