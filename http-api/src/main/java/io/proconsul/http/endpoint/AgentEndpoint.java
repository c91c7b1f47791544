package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code /v1/agent} endpoints about the agent itself: {@code self} (configuration, member, stats and
 * metadata, as {@code consul info} and client libraries read them) and {@code version}. Both answer from
 * local state at once. The gossip endpoints are {@link AgentMembersEndpoint}.
 *
 * <p>{@code lan} and {@code wan} are the agent's gossip pools: {@code Member} is the LAN pool's view of this
 * agent and {@code Stats.serf_lan}/{@code serf_wan} are the pools' own counters. {@code wan} is null on a
 * client; both are null where no gossip runs (HTTP-only tests), and then both come from the configuration.
 */
public final class AgentEndpoint {

    private final AgentConfig config;
    private final Store store;
    private final Membership lan;
    private final Membership wan;

    public AgentEndpoint(AgentConfig config, Store store, Membership lan, Membership wan) {
        this.config = config;
        this.store = store;
        this.lan = lan;
        this.wan = wan;
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
                AgentSelf.coord(lan),
                lan == null ? AgentSelf.member(config) : AgentSelf.Member.of(lan.local()),
                new AgentStats(config, store, lan, wan).all(),
                AgentSelf.meta(config));
        return CompletableFuture.completedFuture(ApiResponse.json(self));
    }

    public CompletableFuture<ApiResponse> version(ApiRequest req) {
        return CompletableFuture.completedFuture(
                ApiResponse.json(new BuildInfo(Version.REVISION, AgentSelf.BUILD_DATE, Version.CONSUL, "")));
    }
}
