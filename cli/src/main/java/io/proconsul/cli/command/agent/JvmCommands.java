package io.proconsul.cli.command.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's diagnostic commands (those {@code jcmd <pid> ...} runs: {@code System.trim_native_heap},
 * {@code VM.set_flag}, {@code VM.command_line}), run from inside the process.
 *
 * <p>There is no public API for this short of the platform MBeans: {@code ManagementFactory} and the
 * {@code HotSpotDiagnosticMXBean} load about 170 classes more than this path (measured in a bare JVM with
 * {@code -Xlog:class+load}: 887 against 720), and the platform MBean server about 9 MiB. So this calls the
 * JVM's own {@code DiagnosticCommandImpl} reflectively; the native half of its commands lives in
 * {@code libmanagement_ext}, which the static initialiser of {@code PlatformMBeanProviderImpl} loads without
 * building any MBean. That needs {@code Add-Opens: jdk.management/com.sun.management.internal} in the jar's
 * manifest; without it (tests, another launcher) {@link #open()} is empty.
 *
 * <p>Thread-safe (the JVM serialises what needs it).
 */
final class JvmCommands {

    private static final Logger log = LoggerFactory.getLogger(JvmCommands.class);
    private static final String PACKAGE = "com.sun.management.internal.";

    private final Object commands;
    private final Method execute;

    private JvmCommands(Object commands, Method execute) {
        this.commands = commands;
        this.execute = execute;
    }

    /** This JVM's diagnostic commands, or empty when the process may not run them (see the class doc). */
    static Optional<JvmCommands> open() {
        try {
            Class.forName(PACKAGE + "PlatformMBeanProviderImpl", true, JvmCommands.class.getClassLoader());
            Class<?> impl = Class.forName(PACKAGE + "DiagnosticCommandImpl");
            Method factory = impl.getDeclaredMethod("getDiagnosticCommandMBean");
            factory.setAccessible(true);
            Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
            execute.setAccessible(true);
            return Optional.of(new JvmCommands(factory.invoke(null), execute));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // RuntimeException: InaccessibleObjectException when the package is not opened to us;
            // LinkageError: the native library cannot be loaded.
            log.debug("JVM diagnostic commands unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Runs {@code command} (its name and arguments, as after {@code jcmd <pid>}) and returns its output,
     * stripped ({@code ""} for a command that prints nothing on success), or empty if the JVM rejected it: an
     * unknown command (an older JVM), bad arguments, or a flag that is not writable.
     */
    Optional<String> run(String command) {
        try {
            return Optional.of(String.valueOf(execute.invoke(commands, command)).strip());
        } catch (InvocationTargetException e) {
            log.debug("{} failed: {}", command, e.getCause().toString());
            return Optional.empty();
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }
}
