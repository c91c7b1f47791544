package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.store.NoClusterLeaderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorResponderTest {

    private static String body(ApiResponse r) {
        return new String(r.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void eachApiExceptionHasItsStatus() {
        assertThat(ErrorResponder.forApi(new ApiException.BadRequest("b")).status().code()).isEqualTo(400);
        assertThat(ErrorResponder.forApi(new ApiException.Forbidden("Permission denied")).status().code()).isEqualTo(403);
        assertThat(ErrorResponder.forApi(new ApiException.NotFound("")).status().code()).isEqualTo(404);
        assertThat(ErrorResponder.forApi(new ApiException.TooLarge("t")).status().code()).isEqualTo(413);
        assertThat(ErrorResponder.forApi(new ApiException.ServerError("s")).status().code()).isEqualTo(500);
        ApiResponse m = ErrorResponder.forApi(new ApiException.MethodNotAllowed("POST", List.of("OPTIONS", "GET")));
        assertThat(m.status().code()).isEqualTo(405);
        assertThat(m.headers()).containsExactly(ResponseHeaders.ALLOW, "OPTIONS,GET");
        assertThat(body(m)).isEqualTo("method POST not allowed");
    }

    @Test
    void noLeaderAndStoreRejectionsKeepTheirTextButBugsDoNot() {
        ApiResponse noLeader = ErrorResponder.respond(new CompletionException(new NoClusterLeaderException()), "GET", "/");
        assertThat(noLeader.status().code()).isEqualTo(500);
        assertThat(body(noLeader)).isEqualTo("No cluster leader");
        ApiResponse rejected = ErrorResponder.respond(new IllegalStateException("invalid session \"x\""), "PUT", "/");
        assertThat(body(rejected)).isEqualTo("invalid session \"x\"");
        ApiResponse bug = ErrorResponder.respond(new NullPointerException("secret detail"), "GET", "/v1/kv/a?token=t");
        assertThat(bug.status().code()).isEqualTo(500);
        assertThat(body(bug)).isEqualTo("An unexpected error occurred");
        assertThat(bug.contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void tokensAreHiddenInLogs() {
        assertThat(ErrorResponder.redact("/v1/kv/a?token=abc&recurse")).isEqualTo("/v1/kv/a?token=<hidden>&recurse");
        assertThat(ErrorResponder.redact("/v1/kv/a?x=1&token=abc")).isEqualTo("/v1/kv/a?x=1&token=<hidden>");
    }
}
