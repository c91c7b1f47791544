package io.proconsul.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link GoQuote} against what Go's {@code fmt.Sprintf("%q", s)} prints for the same text. */
class GoQuoteTest {

    @Test
    void plainTextIsOnlyQuoted() {
        assertThat(GoQuote.quote("")).isEqualTo("\"\"");
        assertThat(GoQuote.quote("10.0.0.1:8300")).isEqualTo("\"10.0.0.1:8300\"");
        assertThat(GoQuote.quote("µs")).isEqualTo("\"µs\"");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(GoQuote.quote("say \"hi\" a\\b")).isEqualTo("\"say \\\"hi\\\" a\\\\b\"");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(GoQuote.quote("a\nb\tc\rd\u0001e\u007f")).isEqualTo("\"a\\nb\\tc\\rd\\x01e\\x7f\"");
    }
}
