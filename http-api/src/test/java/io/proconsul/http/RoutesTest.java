package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private final Routes routes = Routes.consul(
            new io.proconsul.http.endpoint.AgentEndpoint(TestConfigs.dev(), null, null, null),
            new io.proconsul.http.endpoint.AgentMembersEndpoint(TestConfigs.dev(), null, null, null),
            new io.proconsul.http.endpoint.KvEndpoint(null, new QueryOptionsParser("dc1"), 10),
            new io.proconsul.http.endpoint.OperatorEndpoint(null, new QueryOptionsParser("dc1")),
            new io.proconsul.http.endpoint.StatusEndpoint(null, new QueryOptionsParser("dc1")),
            new io.proconsul.http.endpoint.TxnEndpoint(null, new QueryOptionsParser("dc1"), new JsonCodec(),
                    TestConfigs.dev().limits()));

    @Test
    void exactAndPrefixRoutes() {
        assertThat(routes.match("/v1/status/leader").pattern()).isEqualTo("/v1/status/leader");
        assertThat(routes.match("/v1/kv/a/b/c").pattern()).isEqualTo("/v1/kv/");
        assertThat(routes.match("/v1/kv/").pattern()).isEqualTo("/v1/kv/");
        assertThat(routes.match("/v1/status/leader/x")).isNull();
        assertThat(routes.match("/v1/kv")).isNull();
        assertThat(routes.match("/v1/unknown")).isNull();
    }

    @Test
    void subtreeRootWithoutSlashRedirects() {
        assertThat(routes.redirectFor("/v1/kv")).isEqualTo("/v1/kv/");
        assertThat(routes.redirectFor("/v1/txn")).isNull();
    }

    @Test
    void allowListsOptionsFirst() {
        Routes.Route kv = routes.match("/v1/kv/x");
        assertThat(kv.methods()).containsExactly(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE);
        assertThat(kv.allow()).containsExactly("OPTIONS", "GET", "PUT", "DELETE");
        assertThat(routes.match("/v1/txn").allow()).containsExactly("OPTIONS", "PUT");
    }
}
