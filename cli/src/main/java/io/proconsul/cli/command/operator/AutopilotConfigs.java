package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import java.io.IOException;
import java.util.Map;

/** The {@code /v1/operator/autopilot/configuration} read shared by {@code get-config} and {@code set-config}. */
final class AutopilotConfigs {

    static final String PATH = "/v1/operator/autopilot/configuration";

    private AutopilotConfigs() {}

    /** The stored settings as the agent sent them; a non-200 answer is Consul's "Unexpected response code". */
    static JsonNode get(ConsulHttpClient client) throws ConsulApiException {
        ConsulHttpClient.Response r = client.get(PATH, Map.of());
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        try {
            JsonNode node = client.json().readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new ConsulApiException("Failed to decode the agent's answer to " + PATH);
            }
            return node;
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer to " + PATH + ": " + e.getMessage());
        }
    }

    /** A {@code ReadableDuration} as its text: the agent already sends Go's form; a bare number is nanoseconds. */
    static String duration(JsonNode v) {
        if (v.isNumber()) {
            return v.asLong() == 0 ? "0s" : v.asText() + "ns";
        }
        return v.isTextual() ? v.textValue() : "0s";
    }
}
