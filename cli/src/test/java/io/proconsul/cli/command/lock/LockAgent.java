package io.proconsul.cli.command.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.client.ClientConfig;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.cli.testing.TestAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A {@link TestAgent} made ready for sessions: the test agent runs no LAN gossip, so nothing puts its node
 * and serfHealth check in the catalog; this registers both (passing) as the leader's reconciler would.
 */
final class LockAgent implements AutoCloseable {

    final TestAgent agent;
    final ConsulHttpClient http;
    final KvClient kv;
    final SessionClient sessions;
    final LockKv reads;

    LockAgent() throws Exception {
        agent = TestAgent.start();
        try {
            http = ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of()).address(agent.httpAddr()));
            kv = new KvClient(http);
            sessions = new SessionClient(http);
            reads = new LockKv(http);
            String node = agent.runtime().config().nodeName();
            byte[] body = ("{\"Node\":\"" + node + "\",\"Address\":\"127.0.0.1\",\"Check\":{\"CheckID\":\"serfHealth\","
                    + "\"Name\":\"Serf Health Status\",\"Status\":\"passing\"}}").getBytes(StandardCharsets.UTF_8);
            ConsulHttpClient.Response r = http.put("/v1/catalog/register", Map.of(), body);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        } catch (Exception | Error e) {
            agent.close();
            throw e;
        }
    }

    ConsulLock lock(String prefix, Duration oneShot) {
        return new ConsulLock(kv, reads, sessions, LockCommand.join(prefix, ".lock"), "lock " + prefix, oneShot, 3,
                Duration.ofMillis(100));
    }

    ConsulSemaphore semaphore(String prefix, int limit, Duration oneShot) {
        return new ConsulSemaphore(kv, reads, sessions, prefix, limit, "semaphore " + prefix, oneShot, 3,
                Duration.ofMillis(100));
    }

    @Override
    public void close() {
        agent.close();
    }
}
