package io.proconsul.core.operator;

import java.util.List;

/**
 * The Raft configuration: Consul's {@code RaftConfigurationResponse}.
 *
 * @param index the Raft index the configuration was committed at
 */
public record RaftConfiguration(List<RaftServer> servers, long index) {

    public RaftConfiguration {
        servers = List.copyOf(servers);
    }
}
