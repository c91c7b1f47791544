package io.proconsul.cli.command.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.proconsul.core.config.AgentConfig;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an idle agent give memory back. {@code java -jar agent.jar} takes no JVM flags from the jar, so the
 * default heap may grow to a quarter of the machine's memory under load and stay there. These options are
 * "manageable" (settable at run time): tighter free-heap ratios, so that a collection uncommits what the
 * load left behind, and on a server a periodic G1 cycle when idle. A client agent, which is mostly idle,
 * gets {@link IdleReclaim} instead of the periodic cycle: full collections when idle and native heap trims.
 *
 * <p>An operator's own {@code -XX} flags win: an option given on the command line is left alone.
 */
final class HeapTuning {

    private static final Logger log = LoggerFactory.getLogger(HeapTuning.class);

    /** In this order: MinHeapFreeRatio must never exceed MaxHeapFreeRatio, even in between. */
    private static final List<Map.Entry<String, String>> SERVER_OPTIONS = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"),
            Map.entry("G1PeriodicGCInterval", "15000"));
    /**
     * Tighter for a client agent, which is idle nearly always: after {@link IdleReclaim}'s collections G1
     * keeps 24 instead of 32 MiB committed (4 MiB regions; measured). No periodic G1 cycle: IdleReclaim
     * collects when idle instead (see there why).
     */
    private static final List<Map.Entry<String, String>> CLIENT_OPTIONS = List.of(
            Map.entry("MinHeapFreeRatio", "5"),
            Map.entry("MaxHeapFreeRatio", "10"));

    private HeapTuning() {}

    /** For the {@code agent} command once the agent has started: process-wide. */
    static void applyForIdleAgent(AgentConfig config) {
        List<Map.Entry<String, String>> options = config.server() ? SERVER_OPTIONS : CLIENT_OPTIONS;
        JvmCommands commands = JvmCommands.open().orElse(null);
        if (commands != null) {
            // jvm_args: what the command line and JDK_JAVA_OPTIONS gave, as RuntimeMXBean's input arguments.
            String jvmArgs = commands.run("VM.command_line").orElse("").lines()
                    .filter(l -> l.startsWith("jvm_args:")).findFirst().orElse("");
            for (Map.Entry<String, String> option : options) {
                if (!jvmArgs.contains(option.getKey())) {
                    // Prints nothing on success, the reason otherwise.
                    String err = commands.run("VM.set_flag " + option.getKey() + " " + option.getValue())
                            .orElse("rejected");
                    if (!err.isEmpty()) {
                        log.debug("JVM option {} not set: {}", option.getKey(), err);
                    }
                }
            }
        } else {
            PlatformBeans.apply(options);
        }
        if (!config.server()) {
            IdleReclaim.start(commands);
        }
    }

    /**
     * Without {@link JvmCommands} (the jar's manifest not in effect): the same through the platform MBeans,
     * in a class of its own so that their classes load only on this path.
     */
    private static final class PlatformBeans {
        static void apply(List<Map.Entry<String, String>> options) {
            List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (Map.Entry<String, String> option : options) {
                if (jvmArgs.stream().anyMatch(a -> a.contains(option.getKey()))) {
                    continue;
                }
                try {
                    hotspot.setVMOption(option.getKey(), option.getValue());
                } catch (IllegalArgumentException e) {
                    log.debug("JVM option {} not set: {}", option.getKey(), e.getMessage());
                }
            }
        }
    }
}
