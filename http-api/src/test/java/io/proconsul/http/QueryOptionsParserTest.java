package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.QueryOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryOptionsParserTest {

    private final QueryOptionsParser parser = new QueryOptionsParser("dc1");

    private static ApiRequest request(String query, HttpHeaders headers) {
        return new ApiRequest(HttpMethod.GET, "/v1/kv/x", QueryParams.parse(query), headers, Unpooled.EMPTY_BUFFER,
                null);
    }

    private static ApiRequest request(String query) {
        return request(query, new DefaultHttpHeaders());
    }

    @Test
    void defaults() {
        QueryOptions o = parser.parse(request(""));
        assertThat(o.consistency()).isEqualTo(Consistency.DEFAULT);
        assertThat(o.isBlocking()).isFalse();
        assertThat(o.datacenter()).isEmpty();
        assertThat(o.token()).isEmpty();
    }

    @Test
    void blockingWithGoDuration() {
        QueryOptions o = parser.parse(request("index=42&wait=1m30s"));
        assertThat(o.minIndex()).isEqualTo(42);
        assertThat(o.maxWait()).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stale&consistent | Cannot specify ?stale with ?consistent, conflicting semantics.",
        "wait=10 | Invalid wait time",
        "wait=abc&index=1 | Invalid wait time",
        "index=-1 | Invalid index",
        "index=x | Invalid index",
        "max_stale=zz | Invalid max_stale value \"zz\"",
        "max_stale=5s&consistent | Cannot specify ?stale with ?consistent, conflicting semantics.",
    })
    void consulTextsForBadOptions(String query, String text) {
        assertThatThrownBy(() -> parser.parse(request(query)))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage(text);
    }

    @Test
    void badCacheControlIsRefused() {
        HttpHeaders h = new DefaultHttpHeaders().set("Cache-Control", "no-store, max-age=soon");
        assertThatThrownBy(() -> parser.parse(request("", h))).hasMessage("Invalid Cache-Control header.");
        HttpHeaders ok = new DefaultHttpHeaders().set("Cache-Control", "max-age=30, stale-if-error=5");
        assertThat(parser.parse(request("", ok)).consistency()).isEqualTo(Consistency.DEFAULT);
    }

    @Test
    void consistencyModes() {
        assertThat(parser.parse(request("stale")).consistency()).isEqualTo(Consistency.STALE);
        assertThat(parser.parse(request("consistent")).consistency()).isEqualTo(Consistency.CONSISTENT);
        assertThat(parser.parse(request("max_stale=3s")).consistency()).isEqualTo(Consistency.STALE);
    }

    @Test
    void localDatacenterIsEmptyOthersAreKept() {
        assertThat(parser.parse(request("dc=dc1")).datacenter()).isEmpty();
        assertThat(parser.parse(request("dc=dc2")).datacenter()).isEqualTo("dc2");
        assertThatThrownBy(() -> parser.requireReachable("dc2")).hasMessage("No path to datacenter");
    }

    @Test
    void tokenFromQueryThenHeaderThenBearer() {
        HttpHeaders h = new DefaultHttpHeaders().set("X-Consul-Token", "hdr").set("Authorization", "Bearer brr");
        assertThat(parser.parse(request("token=q", h)).token()).isEqualTo("q");
        assertThat(parser.parse(request("", h)).token()).isEqualTo("hdr");
        HttpHeaders bearer = new DefaultHttpHeaders().set("Authorization", "bearer  tok extra");
        assertThat(parser.parse(request("", bearer)).token()).isEqualTo("tok");
        HttpHeaders basic = new DefaultHttpHeaders().set("Authorization", "Basic abc");
        assertThat(parser.parse(request("", basic)).token()).isEmpty();
    }
}
