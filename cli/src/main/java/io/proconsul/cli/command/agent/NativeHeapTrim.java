package io.proconsul.cli.command.agent;

import java.util.Optional;

/**
 * Returns the C heap's free memory to the OS: the JVM's {@code System.trim_native_heap} diagnostic command
 * (the one {@code jcmd <pid> System.trim_native_heap} runs; glibc's {@code malloc_trim}), run from inside
 * through {@link JvmCommands}. glibc keeps what the JVM freed (the JIT compilers' arenas after the start-up
 * burst, class parsing, one arena per thread) until it is trimmed; on an idle client agent that is about 10
 * MiB of RSS. The periodic {@code -XX:TrimNativeHeapInterval} does the same but is not settable at run time,
 * and {@code java -jar} takes no JVM flags from the jar.
 *
 * <p>Thread-safe; each trim holds glibc's arena locks while it walks them (milliseconds for an agent's few
 * tens of MiB), so it is for idle moments, not for a hot path.
 */
final class NativeHeapTrim {

    private static final String COMMAND = "System.trim_native_heap";

    private final JvmCommands commands;

    private NativeHeapTrim(JvmCommands commands) {
        this.commands = commands;
    }

    /**
     * The trim of this JVM, or empty when {@code commands} cannot run it: an older JVM without the command,
     * or a C library other than glibc (musl, in Alpine images, answers "Not available").
     */
    static Optional<NativeHeapTrim> open(JvmCommands commands) {
        NativeHeapTrim trim = new NativeHeapTrim(commands);
        return trim.trim().isPresent() ? Optional.of(trim) : Optional.empty();
    }

    /**
     * Trims once; returns the JVM's report ("Trim native heap: RSS+Swap: 119M->109M (-10680K)"), or empty
     * if the command failed.
     */
    Optional<String> trim() {
        return commands.run(COMMAND).filter(o -> !o.isEmpty() && !o.contains("Not available"));
    }
}
