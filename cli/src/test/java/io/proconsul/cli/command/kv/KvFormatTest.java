package io.proconsul.cli.command.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.model.KvEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-exact output formats: {@code -detailed}'s tabwriter layout, the export JSON, import key joining. */
class KvFormatTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void detailedAlignsFieldsInSeventeenColumns() {
        KvEntry e = new KvEntry(1, "foo/bar", 42, utf8("baz"), "", 5, 9);
        assertThat(text(KvGetCommand.detailed(e, false, false))).isEqualTo(String.join("\n",
                "CreateIndex      5",
                "Flags            42",
                "Key              foo/bar",
                "LockIndex        1",
                "ModifyIndex      9",
                "Session          -",
                "Value            baz"));
    }

    @Test
    void detailedBase64AndSessionAndUnsignedFlags() {
        KvEntry e = new KvEntry(0, "k", -1L, utf8("bar"), "adf4238a-882b-9ddc-4a9d-5b6758e4159e", 3, 3);
        assertThat(text(KvGetCommand.detailed(e, true, false)))
                .contains("Flags            18446744073709551615\n")
                .contains("Session          adf4238a-882b-9ddc-4a9d-5b6758e4159e\n")
                .endsWith("Value            YmFy");
    }

    @Test
    void detailedKeysOnlyEndsAfterSessionLine() {
        KvEntry e = new KvEntry(0, "k", 0, null, "", 3, 4);
        assertThat(text(KvGetCommand.detailed(e, false, true))).endsWith("Session          -\n")
                .doesNotContain("Value");
    }

    @Test
    void valueWithTabsAndNewlinesIsLaidOutAsGoDoes() {
        // Go's tabwriter: "x\ty" on its own line joins the first column's block and widens it.
        KvEntry e = new KvEntry(0, "k", 0, utf8("a\nlong-first-cell-here\ty"), "", 1, 1);
        String out = text(KvGetCommand.detailed(e, false, false));
        assertThat(out).startsWith("CreateIndex               1\n");
        assertThat(out).endsWith("Value                     a\nlong-first-cell-here      y");
    }

    @Test
    void tabWriterCountsUtf8CharactersNotBytes() {
        byte[] out = new TabWriter(2).format(utf8("äöü\tx\nab\ty\n"));
        assertThat(text(out)).isEqualTo("äöü  x\nab   y\n");
    }

    @Test
    void exportJsonIsGoMarshalIndentWithTabs() {
        String json = ExportJson.write(List.of(
                new ExportJson.Entry("a", 0, "YQ==", "", ""),
                new ExportJson.Entry("b<&>\"\\\n", -1L, "", "", "")));
        assertThat(json).isEqualTo("[\n"
                + "\t{\n\t\t\"key\": \"a\",\n\t\t\"flags\": 0,\n\t\t\"value\": \"YQ==\"\n\t},\n"
                + "\t{\n\t\t\"key\": \"b\\u003c\\u0026\\u003e\\\"\\\\\\n\",\n"
                + "\t\t\"flags\": 18446744073709551615,\n\t\t\"value\": \"\"\n\t}\n"
                + "]");
        assertThat(ExportJson.write(List.of())).isEqualTo("[]");
    }

    @Test
    void exportJsonEscapesControlCharactersLikeGo() {
        assertThat(ExportJson.quote("\u0001\b\f\u2028\t")).isEqualTo("\"\\u0001\\b\\f\\u2028\\t\"");
    }

    @Test
    void importReadsExportOutputAndGoLenientFieldNames() {
        List<ExportJson.Entry> entries = ExportJson.read(
                "[{\"Key\":\"a\",\"FLAGS\":18446744073709551615,\"value\":\"YQ==\",\"extra\":1}, null,"
                        + " {\"key\":\"b\"}]");
        assertThat(entries).containsExactly(
                new ExportJson.Entry("a", -1L, "YQ==", "", ""),
                new ExportJson.Entry("b", 0, "", "", ""));
        assertThat(ExportJson.read("null")).isEmpty();
        String roundTrip = ExportJson.write(entries);
        assertThat(ExportJson.read(roundTrip)).isEqualTo(entries);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                       | cannot unmarshal object",
        "[{\"flags\": -1}]        | of type uint64",
        "[{\"flags\": \"1\"}]     | of type uint64",
        "[{\"key\": 5}]           | of type string",
        "[                        | end-of-input",
    })
    void importRejectsWhatGoRejects(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportJson.read(json));
        assertThat(e.getMessage()).contains(message);
    }

    @ParameterizedTest(name = "join({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "''       | a/b      | a/b",
        "''       | a//b     | a/b",
        "''       | dir/     | dir/",
        "''       | ''       | ''",
        "new      | a/b      | new/a/b",
        "new/     | dir/     | new/dir/",
        "new      | ''       | new",
        "new      | ../x     | x",
        "''       | ./a/./b  | a/b",
        "''       | /a       | /a",
    })
    void importJoinsKeysAsGoPathJoin(String prefix, String key, String expected) {
        assertThat(KvImportCommand.joinKey(prefix, key)).isEqualTo(expected);
    }
}
