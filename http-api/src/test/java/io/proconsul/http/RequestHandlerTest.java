package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestHandlerTest {

    @ParameterizedTest
    @CsvSource({
        "/v1/kv/a?x=1, /v1/kv/a?x=1",
        "http://127.0.0.1:8500/v1/kv/a?x=1, /v1/kv/a?x=1",
        "https://h/v1/status/leader, /v1/status/leader",
        "http://h, /",
        "http://h?pretty, /?pretty",
    })
    void absoluteFormTargetsAreReducedToPathAndQuery(String target, String expected) {
        assertThat(RequestHandler.originForm(target)).isEqualTo(expected);
    }
}
