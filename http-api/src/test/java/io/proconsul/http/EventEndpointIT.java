package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.userevent.UserEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/event/fire} and {@code /v1/event/list} on one real agent: a dev Raft store, the local services,
 * a real LAN serf pool on loopback and the HTTP API, wired as the agent wires them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class EventEndpointIT {

    private final UserEventAgent agent = new UserEventAgent();
    private TestClient http;
    private final HttpClient async = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent.start(dataDir);
        http = new TestClient(agent.port());
        assertThat(http.put("/v1/agent/service/register",
                "{\"ID\":\"web-1\",\"Name\":\"web\",\"Tags\":[\"primary\",\"v2\"],\"Port\":80}").statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        try {
            agent.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode fire(String nameAndQuery, String payload) throws Exception {
        HttpResponse<String> r = http.put("/v1/event/fire/" + nameAndQuery, payload);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r);
    }

    private List<String> listedIds(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        StoreFixture.json(http.get("/v1/event/list" + query)).forEach(e -> ids.add(e.get("ID").asText()));
        return ids;
    }

    @Test
    void fireAnswersTheEventInConsulsShapeAndListShowsItWithItsLamportTime() throws Exception {
        JsonNode fired = fire("deploy", "v1.2");
        List<String> fields = new ArrayList<>();
        fired.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("ID", "Name", "Payload", "NodeFilter", "ServiceFilter", "TagFilter",
                "Version", "LTime");
        assertThat(fired.get("Name").asText()).isEqualTo("deploy");
        assertThat(fired.get("Payload").asText()).isEqualTo(Base64.getEncoder().encodeToString(
                "v1.2".getBytes(StandardCharsets.UTF_8)));
        assertThat(fired.get("Version").asInt()).isEqualTo(1);
        assertThat(fired.get("LTime").asLong()).isZero();
        String id = fired.get("ID").asText();

        // Read-your-writes on the firing agent: the fire answers once the event is in this agent's buffer.
        assertThat(listedIds("")).contains(id);
        HttpResponse<String> list = http.get("/v1/event/list?name=deploy");
        JsonNode last = StoreFixture.json(list).get(StoreFixture.json(list).size() - 1);
        assertThat(last.get("ID").asText()).isEqualTo(id);
        assertThat(last.get("LTime").asLong()).isPositive();
        assertThat(list.headers().firstValue("X-Consul-Index"))
                .hasValue(Long.toUnsignedString(UserEvent.index(id)));

        JsonNode empty = fire("no-payload", null);
        assertThat(empty.get("Payload").isNull()).isTrue();
        HttpResponse<String> none = http.get("/v1/event/list?name=never-fired");
        assertThat(none.body().strip()).isEqualTo("[]");
        assertThat(none.headers().firstValue("X-Consul-Index")).hasValue("1");
    }

    @Test
    void onlyEventsWhoseFiltersMatchThisAgentAreListed() throws Exception {
        String kept = fire("f?node=%5Enode1%24&service=web&tag=v2", null).get("ID").asText();
        String otherNode = fire("f?node=node2", null).get("ID").asText();
        String otherTag = fire("f?service=web&tag=canary", null).get("ID").asText();
        String otherService = fire("f?service=db", null).get("ID").asText();
        String marker = fire("f", null).get("ID").asText();
        Retry.untilPasses(Duration.ofSeconds(5), () -> assertThat(listedIds("?name=f")).contains(marker));
        assertThat(listedIds("?name=f")).contains(kept).doesNotContain(otherNode, otherTag, otherService);
    }

    @Test
    void aBlockingListWaitsForANewEventAndTimesOutWithTheSameIndex() throws Exception {
        String first = fire("block", null).get("ID").asText();
        Retry.untilPasses(Duration.ofSeconds(5), () -> assertThat(listedIds("?name=block")).endsWith(first));
        String index = http.get("/v1/event/list?name=block").headers().firstValue("X-Consul-Index").orElseThrow();

        HttpResponse<String> timedOut = http.get("/v1/event/list?name=block&index=" + index + "&wait=200ms");
        assertThat(timedOut.headers().firstValue("X-Consul-Index")).hasValue(index);

        CompletableFuture<HttpResponse<String>> waiting = async.sendAsync(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + agent.port() + "/v1/event/list?name=block&index=" + index + "&wait=20s"))
                .build(), HttpResponse.BodyHandlers.ofString());
        // Another name's event wakes the waiter, which finds its own listing unchanged and waits on.
        fire("unrelated", null);
        String second = fire("block", null).get("ID").asText();
        HttpResponse<String> woke = waiting.get();
        assertThat(woke.headers().firstValue("X-Consul-Index"))
                .hasValue(Long.toUnsignedString(UserEvent.index(second)));
        JsonNode listed = StoreFixture.json(woke);
        assertThat(listed.get(listed.size() - 1).get("ID").asText()).isEqualTo(second);
    }

    @Test
    void badFiresGetConsulsAnswers() throws Exception {
        HttpResponse<String> noName = http.put("/v1/event/fire/", "");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).isEqualTo("Missing name");

        HttpResponse<String> tagOnly = http.put("/v1/event/fire/x?tag=v2", "");
        assertThat(tagOnly.statusCode()).isEqualTo(500);
        assertThat(tagOnly.body()).isEqualTo("Cannot provide tag filter without service filter");

        HttpResponse<String> badRegex = http.put("/v1/event/fire/x?node=(", "");
        assertThat(badRegex.statusCode()).isEqualTo(500);
        assertThat(badRegex.body()).startsWith("Invalid node filter: ");

        HttpResponse<String> big = http.put("/v1/event/fire/x", "a".repeat(600));
        assertThat(big.statusCode()).isEqualTo(500);
        assertThat(big.body()).isEqualTo("user event exceeds configured limit of 512 bytes before encoding");

        HttpResponse<String> otherDc = http.put("/v1/event/fire/x?dc=dc9", "");
        assertThat(otherDc.statusCode()).isEqualTo(500);
        assertThat(otherDc.body()).isEqualTo("No path to datacenter");

        HttpResponse<String> get = http.get("/v1/event/fire/x");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(http.put("/v1/event/list", "").statusCode()).isEqualTo(405);
    }
}
