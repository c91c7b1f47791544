package io.proconsul.cli.command.agent;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the C heap's free memory to the OS: the JVM's {@code System.trim_native_heap} diagnostic command
 * (the one {@code jcmd <pid> System.trim_native_heap} runs; glibc's {@code malloc_trim}), run from inside.
 * glibc keeps what the JVM freed (the JIT compilers' arenas after the start-up burst, class parsing, one arena
 * per thread) until it is trimmed; on an idle client agent that is about 10 MiB of RSS. The periodic
 * {@code -XX:TrimNativeHeapInterval} does the same but is not settable at run time, and {@code java -jar}
 * takes no JVM flags from the jar.
 *
 * <p>There is no public API for running a diagnostic command without the platform MBean server (whose start
 * costs about 9 MiB and a thousand classes, more than the trim gives back), so this calls the JVM's own
 * {@code DiagnosticCommandImpl} reflectively. That needs {@code Add-Opens:
 * jdk.management/com.sun.management.internal} in the jar's manifest; without it (tests, another launcher)
 * or on a JVM without the command, {@link #available()} is false and {@link #trim()} does nothing.
 *
 * <p>Thread-safe; each trim holds glibc's arena locks while it walks them (milliseconds for an agent's few
 * tens of MiB), so it is for idle moments, not for a hot path.
 */
final class NativeHeapTrim {

    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
    private static final String IMPL = "com.sun.management.internal.DiagnosticCommandImpl";
    private static final String COMMAND = "System.trim_native_heap";

    private final Object commands;
    private final Method execute;

    private NativeHeapTrim(Object commands, Method execute) {
        this.commands = commands;
        this.execute = execute;
    }

    /** The trim of this JVM, or empty when this JVM does not let the process run it (see the class doc). */
    static Optional<NativeHeapTrim> open() {
        try {
            // The command's native half lives in libmanagement_ext, which the platform beans' provider loads.
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            Class<?> impl = Class.forName(IMPL);
            Method factory = impl.getDeclaredMethod("getDiagnosticCommandMBean");
            factory.setAccessible(true);
            Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            NativeHeapTrim trim = new NativeHeapTrim(factory.invoke(null), execute);
            return trim.run().isPresent() ? Optional.of(trim) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            // RuntimeException: InaccessibleObjectException when the package is not opened to us.
            log.debug("native heap trim unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Trims once; returns the JVM's report ("Trim native heap: RSS+Swap: 119M->109M (-10680K)"), or empty
     * if the command failed.
     */
    Optional<String> trim() {
        return run();
    }

    private Optional<String> run() {
        try {
            String out = (String) execute.invoke(commands, COMMAND);
            // A C library other than glibc (musl, in Alpine images) answers "Not available".
            return Optional.ofNullable(out).map(String::strip).filter(o -> !o.contains("Not available"));
        } catch (InvocationTargetException e) {
            // An unknown command: an older JVM.
            log.debug("{} failed: {}", COMMAND, e.getCause().toString());
            return Optional.empty();
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }
}
