package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code /v1/agent} endpoints this agent serves so far: {@code self} (configuration, member, stats
 * and metadata, as {@code consul info} and client libraries read them) and {@code version}. Both answer
 * from local state at once.
 */
public final class AgentEndpoint {

    private final AgentConfig config;
    private final Store store;

    public AgentEndpoint(AgentConfig config, Store store) {
        this.config = config;
        this.store = store;
    }

    /** Consul's {@code version.BuildInfo}. */
    @JsonPropertyOrder({"SHA", "BuildDate", "HumanVersion", "FIPS"})
    record BuildInfo(
            @JsonProperty("SHA") String sha,
            @JsonProperty("BuildDate") String buildDate,
            @JsonProperty("HumanVersion") String humanVersion,
            @JsonProperty("FIPS") String fips) {}

    public CompletableFuture<ApiResponse> self(ApiRequest req) {
        AgentSelf self = new AgentSelf(
                AgentSelf.config(config),
                AgentSelf.debugConfig(config),
                null,
                AgentSelf.member(config),
                new AgentStats(config, store).all(),
                AgentSelf.meta(config));
        return CompletableFuture.completedFuture(ApiResponse.json(self));
    }

    public CompletableFuture<ApiResponse> version(ApiRequest req) {
        return CompletableFuture.completedFuture(
                ApiResponse.json(new BuildInfo(Version.REVISION, AgentSelf.BUILD_DATE, Version.CONSUL, "")));
    }
}
