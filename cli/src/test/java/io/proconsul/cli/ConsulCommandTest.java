package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsulCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"-v", "-version", "--version", "version"})
    void versionFlagsPrintTheVersion(String arg) {
        Result r = run(arg);
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("Consul v1.20.0");
    }

    @Test
    void noCommandIsAUsageErrorExitingOne() {
        Result r = run();
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("a command is required");
    }

    @Test
    void unknownCommandExitsOne() {
        Result r = run("no-such-command");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).isNotEmpty();
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
