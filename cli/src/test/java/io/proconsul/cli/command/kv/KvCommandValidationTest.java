package io.proconsul.cli.command.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments and flag combinations of every kv command: exit 1 and Consul's message on stderr, before
 * any request is sent (the address points at a port nobody listens on, so a request would show up as a
 * connection error instead of the expected text).
 */
class KvCommandValidationTest {

    private static String deadAddr = CliRun.closedAddress();

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("kv get", List.of("get"), "Error! Missing KEY argument"),
                Arguments.of("kv get /", List.of("get", "/"), "Error! Missing KEY argument"),
                Arguments.of("kv get a b c", List.of("get", "a", "b", "c"), "Too many arguments (expected 1, got 3)"),
                Arguments.of("kv get -nope", List.of("get", "-nope", "a"), "Unknown option: '-nope'"),
                Arguments.of("kv put", List.of("put"), "Error! Missing KEY argument"),
                Arguments.of("kv put a b c", List.of("put", "a", "b", "c"),
                        "Error! Too many arguments (expected 1 or 2, got 3)"),
                // Go's flag parsing ends at the key, so a flag after it is one argument too many.
                Arguments.of("kv put k v -flags=1", List.of("put", "k", "v", "-flags=1"),
                        "Error! Too many arguments (expected 1 or 2, got 3)"),
                Arguments.of("kv put -acquire", List.of("put", "-acquire", "k", "v"),
                        "Error! Missing -session (required with -acquire and -release)"),
                Arguments.of("kv put -release", List.of("put", "-release", "k"),
                        "Error! Missing -session (required with -acquire and -release)"),
                Arguments.of("kv put @missing", List.of("put", "k", "@/nonexistent/file"),
                        "Error! Failed to read file: open /nonexistent/file: no such file or directory"),
                Arguments.of("kv put -base64 bad", List.of("put", "-base64", "k", "!!!"),
                        "Error! Cannot base 64 decode data"),
                Arguments.of("kv put -flags=abc", List.of("put", "-flags=abc", "k"), "-flags"),
                Arguments.of("kv put -flags=-1", List.of("put", "-flags", "-1", "k"), "not an unsigned integer"),
                Arguments.of("kv delete", List.of("delete"), "Error! Missing KEY argument"),
                Arguments.of("kv delete a b", List.of("delete", "a", "b"), "Too many arguments (expected 1, got 2)"),
                Arguments.of("kv delete -cas", List.of("delete", "-cas", "k"),
                        "Cannot delete a key that does not exist. Provide a -modify-index greater than than 0."),
                Arguments.of("kv delete -modify-index", List.of("delete", "-modify-index=3", "k"),
                        "Cannot specify -modify-index without -cas!"),
                Arguments.of("kv delete -cas -recurse", List.of("delete", "-cas", "-modify-index=3", "-recurse", "k"),
                        "Cannot specify both -cas and -recurse!"),
                Arguments.of("kv export a b", List.of("export", "a", "b"), "Too many arguments (expected 1, got 2)"),
                Arguments.of("kv import", List.of("import"), "Error! Missing DATA argument"),
                Arguments.of("kv import a b", List.of("import", "a", "b"),
                        "Error! Too many arguments (expected 1, got 2)"),
                Arguments.of("kv import ''", List.of("import", ""), "Error! Empty DATA argument"),
                Arguments.of("kv import @missing", List.of("import", "@/nonexistent/x.json"),
                        "Error! Failed to read file: open /nonexistent/x.json: no such file or directory"),
                Arguments.of("kv get -recurse=maybe", List.of("get", "-recurse=maybe", "k"),
                        "invalid boolean value \"maybe\" for -recurse: parse error"),
                Arguments.of("kv nope", List.of("nope"), "Unmatched argument"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithConsulsMessage(String name, List<String> args, String message) {
        List<String> argv = new ArrayList<>(List.of("kv"));
        argv.add(args.get(0));
        if (!args.get(0).equals("nope")) {
            argv.add("-http-addr=" + deadAddr);
        }
        argv.addAll(args.subList(1, args.size()));
        CliRun run = CliRun.run(argv.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).as(run.toString()).contains(message).doesNotContain("connection refused");
        assertThat(run.stdout()).as(run.toString()).isEmpty();
    }

    @Test
    void kvAloneShowsItsSubcommandsAndExitsOne() {
        CliRun run = CliRun.run("kv");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("get", "put", "delete", "export", "import");
    }

    @Test
    void unreachableAgentSaysWhatToCheck() {
        CliRun run = CliRun.run("kv", "get", "-http-addr=" + deadAddr, "foo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .startsWith("Error querying Consul agent: Get \"http://" + deadAddr + "/v1/kv/foo\": dial tcp "
                        + deadAddr + ": connect: connection refused")
                .contains("CONSUL_HTTP_ADDR");
    }

    @Test
    void unknownSchemeIsAConnectError() {
        CliRun run = CliRun.run("kv", "get", "-http-addr=ftp://x:1", "foo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error connecting to Consul agent: Unknown protocol scheme: ftp\n");
    }

    @Test
    void helpFlagPrintsUsageAndExitsZero() {
        CliRun run = CliRun.run("kv", "put", "-h");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-modify-index", "-http-addr", "-acquire");
    }
}
