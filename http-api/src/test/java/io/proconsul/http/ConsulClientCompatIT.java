package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.Agent;
import org.kiwiproject.consul.model.kv.Operation;
import org.kiwiproject.consul.model.kv.TxResponse;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.model.kv.Verb;
import org.kiwiproject.consul.option.QueryOptions;

/** A real Consul Java client (kiwiproject consul-client), unchanged, against this agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsulClientCompatIT {

    private StoreFixture agent;
    private KeyValueClient kv;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        kv = agent.consul().keyValueClient();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void keyValueRoundTrip() {
        assertThat(kv.putValue("compat/a", "alpha", 7L)).isTrue();
        assertThat(kv.putValue("compat/dir/b", "beta")).isTrue();
        assertThat(kv.getValueAsString("compat/a")).hasValue("alpha");
        Value a = kv.getValue("compat/a").orElseThrow();
        assertThat(a.getFlags()).isEqualTo(7L);
        assertThat(a.getModifyIndex()).isPositive();
        assertThat(kv.getValue("compat/missing")).isEmpty();
        assertThat(kv.getKeys("compat/")).containsExactly("compat/a", "compat/dir/b");
        assertThat(kv.getKeys("compat/", "/")).containsExactly("compat/a", "compat/dir/");
        assertThat(kv.getValuesAsString("compat/")).containsExactly("alpha", "beta");
        kv.deleteKey("compat/a");
        assertThat(kv.getValue("compat/a")).isEmpty();
        kv.deleteKeys("compat/");
        assertThat(kv.getValues("compat/")).isEmpty();
    }

    @Test
    void blockingGetSeesTheNextWrite() throws Exception {
        kv.putValue("compat/watch", "v1");
        ConsulResponse<Value> first = kv.getConsulResponseWithValue("compat/watch").orElseThrow();
        BigInteger index = first.getIndex();
        assertThat(first.isKnownLeader()).isTrue();
        CompletableFuture<Optional<Value>> next = CompletableFuture.supplyAsync(
                () -> kv.getValue("compat/watch", QueryOptions.blockSeconds(20, index).build()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        kv.putValue("compat/watch", "v2");
        Value v = next.get(15, TimeUnit.SECONDS).orElseThrow();
        assertThat(v.getValueAsString()).hasValue("v2");
        assertThat(v.getModifyIndex()).isGreaterThan(index.longValue());
    }

    @Test
    void transactions() {
        // The client base64-encodes operation values itself.
        ConsulResponse<TxResponse> r = kv.performTransaction(
                Operation.builder(Verb.SET).key("compat/tx/1").value("tx").build(),
                Operation.builder(Verb.GET).key("compat/tx/1").build());
        assertThat(r.getResponse().errors()).isNullOrEmpty();
        assertThat(kv.getValueAsString("compat/tx/1")).hasValue("tx");
    }

    @Test
    void statusAndAgentSelf() {
        String leader = agent.consul().statusClient().getLeader();
        assertThat(leader).matches("127\\.0\\.0\\.1:\\d+");
        List<String> peers = agent.consul().statusClient().getPeers();
        assertThat(peers).containsExactly(leader);
        Agent self = agent.consul().agentClient().getAgent();
        assertThat(self.getConfig().getDatacenter()).isEqualTo("dc1");
        assertThat(self.getConfig().getVersion()).isEqualTo(Version.CONSUL);
        assertThat(self.getConfig().getServer()).isTrue();
        assertThat(self.getMember().getAddress()).isEqualTo("127.0.0.1");
        assertThat(self.getMember().getTags()).containsEntry("role", "consul");
    }
}
