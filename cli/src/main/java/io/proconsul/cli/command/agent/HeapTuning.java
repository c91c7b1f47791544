package io.proconsul.cli.command.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an idle agent give memory back. {@code java -jar agent.jar} takes no JVM flags from the jar, so the
 * default heap may grow to a quarter of the machine's memory under load and stay there. These options are
 * "manageable" (settable at run time): a periodic G1 cycle when idle, and tighter free-heap ratios so that
 * cycle uncommits what the load left behind.
 *
 * <p>An operator's own {@code -XX} flags win: an option given on the command line is left alone.
 */
final class HeapTuning {

    private static final Logger log = LoggerFactory.getLogger(HeapTuning.class);

    /** In this order: MinHeapFreeRatio must never exceed MaxHeapFreeRatio, even in between. */
    private static final List<Map.Entry<String, String>> OPTIONS = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"),
            Map.entry("G1PeriodicGCInterval", "15000"));

    private HeapTuning() {}

    static void applyForIdleAgent() {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (Map.Entry<String, String> option : OPTIONS) {
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
