package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void flagsCountWhenPresentWithAnyValue() {
        QueryParams q = QueryParams.parse("recurse&keys=&raw=false&dc=dc1");
        assertThat(q.has("recurse")).isTrue();
        assertThat(q.has("keys")).isTrue();
        assertThat(q.has("raw")).isTrue();
        assertThat(q.has("pretty")).isFalse();
        assertThat(q.get("recurse")).isEmpty();
        assertThat(q.get("dc")).isEqualTo("dc1");
        assertThat(q.get("missing")).isEmpty();
    }

    @Test
    void decodesLikeGo() {
        QueryParams q = QueryParams.parse("token=a+b%2Fc&sep=%2F&x=1&x=2");
        assertThat(q.get("token")).isEqualTo("a b/c");
        assertThat(q.get("sep")).isEqualTo("/");
        assertThat(q.get("x")).isEqualTo("1");
        assertThat(q.all("x")).containsExactly("1", "2");
    }

    @Test
    void badEscapesAndSemicolonsMakeTheQueryInvalid() {
        assertThatThrownBy(() -> QueryParams.parse("a=%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryParams.parse("a=1;b=2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeSortsAndEscapesAsGoDoes() {
        QueryParams q = QueryParams.parse("release=s%201&cas=5&acquire=x*y~z");
        assertThat(q.encode()).isEqualTo("acquire=x%2Ay~z&cas=5&release=s+1");
    }

    @Test
    void pathUnescapeKeepsPlus() {
        assertThat(QueryParams.unescape("/v1/kv/a+b%20c%2Fd", false)).isEqualTo("/v1/kv/a+b c/d");
        assertThat(QueryParams.unescape("/v1/kv/caf%C3%A9", false)).isEqualTo("/v1/kv/café");
        // Raw UTF-8 bytes in the request line reach us one char per byte.
        assertThat(QueryParams.unescape("/v1/kv/caf\u00c3\u00a9", false)).isEqualTo("/v1/kv/café");
    }
}
