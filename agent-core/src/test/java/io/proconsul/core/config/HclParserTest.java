package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HclParserTest {

    /** Every spelling below is valid HCL1 for the same acl block; hcl4j fails on the one-line forms. */
    @ParameterizedTest
    @ValueSource(strings = {
        "acl { enabled = true default_policy = \"deny\" }",
        "acl { enabled = true, default_policy = \"deny\" }",
        "acl = { enabled = true default_policy = \"deny\" }",
        "acl {\n  enabled = true\n  default_policy = \"deny\"\n}\n",
        "acl {\r\n  enabled = true\r\n  default_policy = \"deny\"\r\n}\r\n",
        "# hash\nacl { // slashes\n enabled = /* inline */ true\n /* multi\n line */ default_policy = \"deny\" }",
    })
    void itemsWithOrWithoutSeparatorsAndCommentsParseAlike(String text) throws Exception {
        assertThat(HclParser.parse(text))
                .isEqualTo(Map.of("acl", Map.of("enabled", true, "default_policy", "deny")));
    }

    @Test
    void scalarsKeepTheirTypes() throws Exception {
        Map<String, Object> tree = HclParser.parse(
                "a = 8500\nb = -1\nc = 1.5\nd = 0x1F\ne = \"s\"\nf = false\ng = 1e3\nh = 0755");
        assertThat(tree).containsEntry("a", 8500L).containsEntry("b", -1L).containsEntry("c", 1.5)
                .containsEntry("d", 31L).containsEntry("e", "s").containsEntry("f", false)
                .containsEntry("g", 1000.0).containsEntry("h", 493L);
    }

    @Test
    void listsMayBeMultiLineWithTrailingComma() throws Exception {
        Map<String, Object> tree = HclParser.parse("retry_join = [\n  \"a\", # first\n  \"b\",\n]\nempty = []");
        assertThat(tree).containsEntry("retry_join", List.of("a", "b")).containsEntry("empty", List.of());
    }

    @Test
    void labelledBlocksNestAndRepeatedBlocksCollectIntoAList() throws Exception {
        Map<String, Object> tree = HclParser.parse(
                "service \"web\" { port = 80 }\ncheck { id = \"a\" }\ncheck { id = \"b\" }\nx \"l1\" \"l2\" { y = 1 }");
        assertThat(tree.get("service")).isEqualTo(Map.of("web", Map.of("port", 80L)));
        assertThat(tree.get("check")).isEqualTo(List.of(Map.of("id", "a"), Map.of("id", "b")));
        assertThat(tree.get("x")).isEqualTo(Map.of("l1", Map.of("l2", Map.of("y", 1L))));
    }

    @Test
    void heredocsKeepLinesAndTheIndentedFormStripsCommonIndent() throws Exception {
        Map<String, Object> tree = HclParser.parse(
                "a = <<EOF\nline one\n  line two\nEOF\nb = <<-EOT\n    x\n      y\n    EOT\nc = 1");
        assertThat(tree).containsEntry("a", "line one\n  line two\n").containsEntry("b", "x\n  y\n")
                .containsEntry("c", 1L);
    }

    @Test
    void stringEscapesAreDecodedAndInterpolationKeptVerbatim() throws Exception {
        Map<String, Object> tree = HclParser.parse(
                "a = \"tab\\there \\\"q\\\" \\u00e9\"\nb = \"${lookup(\"x\", \"y\")}/z\"\n\"quoted key\" = 1");
        assertThat(tree).containsEntry("a", "tab\there \"q\" \u00e9")
                .containsEntry("b", "${lookup(\"x\", \"y\")}/z").containsEntry("quoted key", 1L);
    }

    @Test
    void repeatedScalarKeepsTheLastValue() throws Exception {
        assertThat(HclParser.parse("a = 1\na = 2")).isEqualTo(Map.of("a", 2L));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "a = { => At 1:6: expected: IDENT | STRING got: end of file",
        "a = \"open => At 1:5: literal not terminated",
        "a b = 1 => At 1:5: nested object expected: LBRACE got: ASSIGN",
        "x = 1\\n} => At 2:1: expected: IDENT | STRING got: RBRACE }",
        "a = [1 2] => At 1:8: expected: COMMA | RBRACK got: NUMBER 2",
        "a = <<EOF\\nno end => At 1:5: heredoc not terminated",
        "/* open => At 1:1: comment not terminated",
        "a = 1 ; b = 2 => At 1:7: illegal char ';'",
    })
    void syntaxErrorsNameLineAndColumn(String text, String message) {
        assertThatThrownBy(() -> HclParser.parse(text.replace("\\n", "\n").strip()))
                .isInstanceOf(HclParser.SyntaxError.class).hasMessage(message);
    }
}
