package io.proconsul.cli.command.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.testing.TestAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv commands against a real in-process agent, as Consul's {@code command/kv/*_test.go} run them against
 * a test agent: what one command writes, the next reads back, with Consul's texts and exit codes. Each test
 * works under its own key prefix, so they share one agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvCommandsIT {

    private static final Pattern MODIFY_INDEX = Pattern.compile("ModifyIndex\\s+(\\d+)");

    private TestAgent agent;
    private String addr;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        agent = TestAgent.start();
        addr = "-http-addr=" + agent.httpAddr();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private CliRun kv(String verb, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "kv";
        argv[1] = verb;
        argv[2] = addr;
        System.arraycopy(args, 0, argv, 3, args.length);
        return CliRun.run(argv);
    }

    private CliRun ok(String verb, String... args) {
        CliRun run = kv(verb, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private long modifyIndex(String key) {
        Matcher m = MODIFY_INDEX.matcher(ok("get", "-detailed", key).out());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void putThenGet() {
        assertThat(ok("put", "put/foo", "bar").out()).isEqualTo("Success! Data written to: put/foo\n");
        assertThat(ok("get", "put/foo").out()).isEqualTo("bar\n");
        assertThat(ok("get", "/put/foo").out()).isEqualTo("bar\n");
    }

    @Test
    void emptyValueReadsAsAnEmptyLine() {
        ok("put", "empty/key");
        assertThat(ok("get", "empty/key").out()).isEqualTo("\n");
        assertThat(ok("get", "-detailed", "empty/key").out()).endsWith("\nValue            \n");
    }

    @Test
    void missingKeyIsAnError() {
        CliRun run = kv("get", "missing/nothing-here");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! No key exists at: missing/nothing-here\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void valuesFromFileStdinAndBase64RoundTripAsBytes() throws IOException {
        byte[] binary = {0, 1, (byte) 0xfe, (byte) 0xff, '\n', '\t'};
        Path file = Files.write(dir.resolve("blob.bin"), binary);
        ok("put", "bytes/file", "@" + file);
        assertThat(ok("get", "bytes/file").stdout()).isEqualTo(concat(binary, new byte[] {'\n'}));

        CliRun run = CliRun.withStdin(binary, "kv", "put", addr, "bytes/stdin", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(ok("get", "-base64", "bytes/stdin").out()).isEqualTo("AAH+/woJ\n");

        ok("put", "-base64", "bytes/b64", "AAH+/woJ");
        assertThat(ok("get", "bytes/b64").stdout()).isEqualTo(concat(binary, new byte[] {'\n'}));
    }

    @Test
    void detailedShowsEveryFieldAligned() {
        ok("put", "-flags=12345", "detail/key", "hello");
        String out = ok("get", "-detailed", "detail/key").out();
        assertThat(out).matches("CreateIndex      \\d+\n"
                + "Flags            12345\n"
                + "Key              detail/key\n"
                + "LockIndex        0\n"
                + "ModifyIndex      \\d+\n"
                + "Session          -\n"
                + "Value            hello\n");
        assertThat(ok("get", "-detailed", "-base64", "detail/key").out()).endsWith("Value            aGVsbG8=\n");
    }

    @Test
    void checkAndSet() {
        ok("put", "cas/key", "one");
        long index = modifyIndex("cas/key");

        CliRun run = kv("put", "-cas", "-modify-index=" + (index + 1000), "cas/key", "two");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! Did not write to cas/key: CAS failed\n");
        assertThat(ok("get", "cas/key").out()).isEqualTo("one\n");

        run = kv("put", "-cas", "cas/key", "two");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo(
                "Error! Did not write to cas/key: CAS performed with index=0 and key already exists.\n");

        assertThat(ok("put", "-cas", "-modify-index=" + index, "cas/key", "two").out())
                .isEqualTo("Success! Data written to: cas/key\n");
        assertThat(ok("get", "cas/key").out()).isEqualTo("two\n");
        assertThat(modifyIndex("cas/key")).isGreaterThan(index);

        ok("put", "-cas", "-modify-index=0", "cas/new", "created");
        assertThat(ok("get", "cas/new").out()).isEqualTo("created\n");
    }

    @Test
    void recurseListsKeyValueLinesInKeyOrder() {
        ok("put", "rec/c", "3");
        ok("put", "rec/a", "1");
        ok("put", "rec/b/x", "2");
        assertThat(ok("get", "-recurse", "rec/").out()).isEqualTo("rec/a:1\nrec/b/x:2\nrec/c:3\n");
        assertThat(ok("get", "-recurse", "-base64", "rec/a").out()).isEqualTo("rec/a:MQ==\n");
        assertThat(ok("get", "-recurse", "-keys", "rec/").out()).isEqualTo("rec/a\nrec/b/x\nrec/c\n");
        String detailed = ok("get", "-recurse", "-detailed", "rec/").out();
        assertThat(detailed.split("\n\n")).hasSize(3);
        assertThat(ok("get", "-recurse", "nothing/under/here").out()).isEmpty();
    }

    @Test
    void keysRollUpAtTheSeparator() {
        ok("put", "keys/bar", "");
        ok("put", "keys/baz", "");
        ok("put", "keys/zip/zap", "");
        assertThat(ok("get", "-keys", "keys/").out()).isEqualTo("keys/bar\nkeys/baz\nkeys/zip/\n");
        assertThat(ok("get", "-keys", "-separator=", "keys/").out())
                .isEqualTo("keys/bar\nkeys/baz\nkeys/zip/zap\n");
        assertThat(ok("get", "-keys", "-separator=z", "keys/").out()).isEqualTo("keys/bar\nkeys/baz\nkeys/z\n");
    }

    @Test
    void deleteOneKeyCasAndTree() {
        ok("put", "del/a", "1");
        ok("put", "del/b", "2");
        ok("put", "del/sub/c", "3");
        assertThat(ok("delete", "del/a").out()).isEqualTo("Success! Deleted key: del/a\n");
        assertThat(kv("get", "del/a").exitCode()).isEqualTo(1);
        assertThat(ok("delete", "del/never-existed").out()).isEqualTo("Success! Deleted key: del/never-existed\n");

        long index = modifyIndex("del/b");
        CliRun run = kv("delete", "-cas", "-modify-index=" + (index + 1000), "del/b");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! Did not delete key del/b: CAS failed\n");
        assertThat(ok("delete", "-cas", "-modify-index=" + index, "del/b").out())
                .isEqualTo("Success! Deleted key: del/b\n");

        assertThat(ok("delete", "-recurse", "del/").out()).isEqualTo("Success! Deleted keys with prefix: del/\n");
        assertThat(ok("get", "-recurse", "del/").out()).isEmpty();
    }

    @Test
    void exportDeleteImportRoundTrip() throws IOException {
        ok("put", "-flags=7", "exp/a", "alpha");
        ok("put", "exp/b/c", "<&>");
        ok("put", "-base64", "exp/bin", "AP8=");
        String exported = ok("export", "exp/").out();
        assertThat(exported).startsWith("[\n\t{\n\t\t\"key\": \"exp/a\",\n\t\t\"flags\": 7,\n\t\t\"value\": \"YWxwaGE=\"\n");

        ok("delete", "-recurse", "exp/");
        assertThat(ok("export", "exp/").out()).isEqualTo("[]\n");

        Path file = Files.writeString(dir.resolve("exp.json"), exported);
        assertThat(ok("import", "@" + file).out()).isEqualTo("Imported: exp/a\nImported: exp/b/c\nImported: exp/bin\n");
        assertThat(ok("export", "exp/").out()).isEqualTo(exported);
        assertThat(ok("get", "exp/b/c").out()).isEqualTo("<&>\n");

        CliRun run = CliRun.withStdin(exported.getBytes(StandardCharsets.UTF_8),
                "kv", "import", addr, "-prefix=restored", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(
                "Imported: restored/exp/a\nImported: restored/exp/b/c\nImported: restored/exp/bin\n");
        assertThat(ok("get", "-detailed", "restored/exp/a").out()).contains("Flags            7\n");
    }

    @Test
    void keysWithSpacesReservedAndNonAsciiCharactersRoundTrip() {
        String key = "odd/ключ with space?#%+&=@:;,!*";
        assertThat(ok("put", key, "v").out()).isEqualTo("Success! Data written to: " + key + "\n");
        assertThat(ok("get", key).out()).isEqualTo("v\n");
        assertThat(ok("get", "-keys", "odd/").out()).isEqualTo(key + "\n");
        assertThat(ok("export", "odd/").out()).contains("\"key\": \"odd/ключ with space?#%+\\u0026=@:;,!*\"");
        assertThat(ok("delete", key).out()).isEqualTo("Success! Deleted key: " + key + "\n");
    }

    @Test
    void valueOverTheSizeLimitIsRefusedWithTheAgentsText() throws IOException {
        Path big = Files.write(dir.resolve("big.bin"), new byte[512 * 1024 + 1]);
        CliRun run = kv("put", "big/value", "@" + big);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error! Failed writing data: Unexpected response code: 413 (");
        assertThat(kv("get", "big/value").exitCode()).isEqualTo(1);
    }

    @Test
    void staleReadsWork() {
        ok("put", "stale/k", "v");
        assertThat(ok("get", "-stale", "stale/k").out()).isEqualTo("v\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
