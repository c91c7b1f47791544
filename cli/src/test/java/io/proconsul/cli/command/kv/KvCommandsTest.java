package io.proconsul.cli.command.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.client.StubHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The kv commands end to end through {@code Main.run}, against a loopback endpoint that records requests and
 * gives canned answers: which request each flag produces, and Consul's exact texts and exit codes for each
 * answer. Round trips against a real agent are in {@code KvCommandsIT}.
 */
class KvCommandsTest {

    private static final String ENTRY = "{\"LockIndex\":0,\"Key\":\"%s\",\"Flags\":0,\"Value\":\"%s\","
            + "\"CreateIndex\":4,\"ModifyIndex\":%d}";

    @TempDir
    Path dir;

    private StubHttpServer agent;
    private String addr;

    @BeforeEach
    void start() throws IOException {
        agent = new StubHttpServer();
        addr = "-http-addr=" + agent.address();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private static String entry(String key, String base64, long modifyIndex) {
        return String.format(ENTRY, key, base64, modifyIndex);
    }

    @Test
    void putInlineValue() {
        CliRun run = CliRun.run("kv", "put", addr, "config/maxconns", "5");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Success! Data written to: config/maxconns\n");
        assertThat(agent.last().method()).isEqualTo("PUT");
        assertThat(agent.last().rawPath()).isEqualTo("/v1/kv/config/maxconns");
        assertThat(agent.last().bodyText()).isEqualTo("5");
        assertThat(agent.last().rawQuery()).isNull();
    }

    @Test
    void optionsStopAtTheKeyAsInGo() {
        CliRun run = CliRun.run("kv", "put", addr, "-flags=3", "k", "-flags=1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().bodyText()).isEqualTo("-flags=1");
        assertThat(agent.last().rawQuery()).isEqualTo("flags=3");
    }

    @Test
    void putFromStdinAndFileKeepsBytes() throws IOException {
        byte[] binary = {0, (byte) 0xff, '\n', (byte) 0xc3};
        CliRun run = CliRun.withStdin(binary, "kv", "put", addr, "bin", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().body()).isEqualTo(binary);

        Path file = Files.write(dir.resolve("license.lic"), binary);
        run = CliRun.run("kv", "put", addr, "bin", "@" + file);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().body()).isEqualTo(binary);
    }

    @Test
    void putBase64DecodesAndEmptyArgumentWritesEmptyValue() {
        CliRun run = CliRun.withStdin("YmFy\n".getBytes(StandardCharsets.UTF_8), "kv", "put", addr, "-base64", "k", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().bodyText()).isEqualTo("bar");
        run = CliRun.run("kv", "put", addr, "k", "");
        assertThat(run.exitCode()).isZero();
        assertThat(agent.last().body()).isEmpty();
    }

    @Test
    void casOutcomes() {
        agent.answer(200, "false");
        CliRun run = CliRun.run("kv", "put", addr, "-cas", "-modify-index=123", "k", "v");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! Did not write to k: CAS failed\n");
        assertThat(agent.last().rawQuery()).isEqualTo("cas=123");

        run = CliRun.run("kv", "put", addr, "-cas", "k", "v");
        assertThat(run.stderr()).isEqualTo(
                "Error! Did not write to k: CAS performed with index=0 and key already exists.\n");
        assertThat(agent.last().rawQuery()).isEqualTo("cas=0");

        agent.answer(200, "true");
        run = CliRun.run("kv", "put", addr, "-cas=true", "-modify-index", "123", "k", "v");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Success! Data written to: k\n");
    }

    @Test
    void lockOutcomes() {
        CliRun run = CliRun.run("kv", "put", addr, "-acquire", "-session=s1", "lock", "me");
        assertThat(run.out()).isEqualTo("Success! Lock acquired on: lock\n");
        assertThat(agent.last().rawQuery()).isEqualTo("acquire=s1");
        agent.answer(200, "false");
        run = CliRun.run("kv", "put", addr, "-acquire", "-session=s1", "lock");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! Did not acquire lock\n");
        run = CliRun.run("kv", "put", addr, "-release", "-session", "s1", "lock");
        assertThat(run.stderr()).isEqualTo("Error! Did not release lock\n");
        assertThat(agent.last().rawQuery()).isEqualTo("release=s1");
    }

    @Test
    void putErrorsCarryTheAgentsAnswer() {
        agent.answer(403, "Permission denied");
        CliRun run = CliRun.run("kv", "put", addr, "-token=t", "k", "v");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .isEqualTo("Error! Failed writing data: Unexpected response code: 403 (Permission denied)\n");
        assertThat(agent.last().header("X-Consul-Token")).isEqualTo("t");

        run = CliRun.run("kv", "put", addr, "/k", "v");
        assertThat(run.stderr()).isEqualTo("Error! Failed writing data: Invalid key. Key must not begin with a '/': /k\n");
    }

    @Test
    void getPrintsRawValueOrMissingError() {
        agent.answer(200, "[" + entry("k", "AP8K", 5) + "]");
        CliRun run = CliRun.run("kv", "get", addr, "/k");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(new byte[] {0, (byte) 0xff, '\n', '\n'});
        assertThat(agent.last().rawPath()).isEqualTo("/v1/kv/k");

        run = CliRun.run("kv", "get", addr, "-base64", "k");
        assertThat(run.out()).isEqualTo("AP8K\n");

        agent.answer(404, "");
        run = CliRun.run("kv", "get", addr, "-stale", "k");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! No key exists at: k\n");
        assertThat(agent.last().rawQuery()).isEqualTo("stale=");
    }

    @Test
    void getRecurseKeysAndDetailed() {
        agent.answer(200, "[" + entry("foo/a", "YQ==", 5) + "," + entry("foo/b", "", 6) + "]");
        CliRun run = CliRun.run("kv", "get", addr, "-recurse", "foo");
        assertThat(run.out()).isEqualTo("foo/a:a\nfoo/b:\n");
        assertThat(agent.last().rawQuery()).isEqualTo("recurse=");

        run = CliRun.run("kv", "get", addr, "-recurse", "-detailed", "foo");
        assertThat(run.out()).contains("Value            a\n\nCreateIndex      4\n")
                .endsWith("ModifyIndex      6\nSession          -\nValue            \n");

        run = CliRun.run("kv", "get", addr, "-recurse", "-keys", "foo");
        assertThat(run.out()).isEqualTo("foo/a\nfoo/b\n");

        agent.answer(200, "[\"foo/\",\"foo/x\"]");
        run = CliRun.run("kv", "get", addr, "-keys", "-separator=", "foo");
        assertThat(run.out()).isEqualTo("foo/\nfoo/x\n");
        assertThat(agent.last().rawQuery()).isEqualTo("keys=");

        run = CliRun.run("kv", "get", addr, "-keys");
        assertThat(run.exitCode()).isZero();
        assertThat(agent.last().rawQuery()).isEqualTo("keys=&separator=%2F");
    }

    @Test
    void goNumberAndBooleanSyntaxes() {
        CliRun run = CliRun.run("kv", "put", addr, "-cas=1", "-modify-index=0x10", "-flags", "0b1_01", "k", "v");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().rawQuery()).isEqualTo("cas=16&flags=5");
        run = CliRun.run("kv", "put", addr, "-flags=017", "-base64=F", "k", "v");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().rawQuery()).isEqualTo("flags=15");
        assertThat(agent.last().bodyText()).isEqualTo("v");
    }

    @Test
    void aBooleanFlagNeverTakesTheNextArgument() {
        agent.answer(200, "[]");
        CliRun run = CliRun.run("kv", "get", addr, "-recurse", "true");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().rawPath()).isEqualTo("/v1/kv/true");
        assertThat(agent.last().rawQuery()).isEqualTo("recurse=");
    }

    @Test
    void booleanFlagsAcceptGoStyleValues() {
        agent.answer(404, "");
        CliRun run = CliRun.run("kv", "get", addr, "-recurse=false", "k");
        assertThat(run.stderr()).isEqualTo("Error! No key exists at: k\n");
        assertThat(agent.last().rawQuery()).isNull();
    }

    @Test
    void deleteOutcomes() {
        CliRun run = CliRun.run("kv", "delete", addr, "k");
        assertThat(run.out()).isEqualTo("Success! Deleted key: k\n");
        assertThat(agent.last().method()).isEqualTo("DELETE");
        run = CliRun.run("kv", "delete", addr, "-recurse");
        assertThat(run.out()).isEqualTo("Success! Deleted keys with prefix: \n");
        assertThat(agent.last().rawPath()).isEqualTo("/v1/kv/");
        agent.answer(200, "false");
        run = CliRun.run("kv", "delete", addr, "-cas", "-modify-index=9", "k");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error! Did not delete key k: CAS failed\n");
        assertThat(agent.last().rawQuery()).isEqualTo("cas=9");
        agent.answer(500, "No cluster leader");
        run = CliRun.run("kv", "delete", addr, "k");
        assertThat(run.stderr()).isEqualTo("Error deleting key k: Unexpected response code: 500 (No cluster leader)\n");
    }

    @Test
    void exportAndImport() throws IOException {
        agent.answer(200, "[" + entry("a", "YQ==", 5) + "]");
        CliRun run = CliRun.run("kv", "export", addr, "a");
        assertThat(run.out()).isEqualTo("[\n\t{\n\t\t\"key\": \"a\",\n\t\t\"flags\": 0,\n\t\t\"value\": \"YQ==\"\n\t}\n]\n");

        agent.answer(200, "true");
        Path file = Files.writeString(dir.resolve("export.json"), run.out());
        run = CliRun.run("kv", "import", addr, "-prefix=restored", "@" + file);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Imported: restored/a\n");
        assertThat(agent.last().rawPath()).isEqualTo("/v1/kv/restored/a");
        assertThat(agent.last().bodyText()).isEqualTo("a");

        run = CliRun.withStdin("[{\"key\":\"x\",\"flags\":0,\"value\":\"!\"}]".getBytes(StandardCharsets.UTF_8),
                "kv", "import", addr, "-");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error base 64 decoding value for key x: ");

        run = CliRun.run("kv", "import", addr, "not json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Cannot unmarshal data: ");
    }

    @Test
    void rpcAddrIsADeprecatedAlias() {
        agent.answer(200, "true");
        CliRun run = CliRun.run("kv", "put", "-rpc-addr=" + agent.address(), "k", "v");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("-rpc-addr is deprecated").contains("-http-addr");
        assertThat(agent.requests()).hasSize(1);
    }

    @Test
    void rpcAddrOnTheOldRpcPortMeansTheHttpPort() {
        KvGetCommand get = new KvGetCommand();
        new CommandLine(get).parseArgs("-rpc-addr=10.0.0.7:8400", "k");
        assertThat(get.http.clientConfig(Map.of()).address()).isEqualTo("10.0.0.7:8500");
        get = new KvGetCommand();
        new CommandLine(get).parseArgs("-rpc-addr=10.0.0.7:18500", "-token-file=/t", "-datacenter=dc9", "k");
        assertThat(get.http.clientConfig(Map.of("CONSUL_HTTP_ADDR", "x:1")).address()).isEqualTo("10.0.0.7:18500");
        assertThat(get.http.clientConfig(Map.of()).tokenFile()).isEqualTo("/t");
        assertThat(get.http.clientConfig(Map.of()).datacenter()).isEqualTo("dc9");
        get = new KvGetCommand();
        new CommandLine(get).parseArgs("k");
        assertThat(get.http.clientConfig(Map.of("CONSUL_HTTP_ADDR", "x:1")).address()).isEqualTo("x:1");
    }

    @Test
    void doubleDashFlagsWorkToo() {
        CliRun run = CliRun.run("kv", "put", "--http-addr", agent.address(), "--flags=2", "k", "v");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(agent.last().rawQuery()).isEqualTo("flags=2");
    }
}
