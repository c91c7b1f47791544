package io.proconsul.cli.command.agent;

import io.proconsul.cli.log.LogConfigurator;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.config.ConfigException;
import io.proconsul.core.config.LoadedConfig;
import io.proconsul.core.config.NodeIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code agent}: loads the configuration (defaults, files, flags), prints Consul's banner and runs the
 * agent until SIGINT or SIGTERM, then stops it gracefully. A configuration error exits 1 with a message
 * that names the file and key, before anything is started.
 *
 * <p>With {@code -dev} and no {@code -data-dir}, state lives in a temporary directory that is removed on
 * exit, so a dev agent leaves nothing behind.
 */
@Command(name = "agent", description = "Runs a Consul agent", sortOptions = false)
public final class AgentCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Mixin
    AgentFlags flags;

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        AgentConfig config;
        try {
            loaded = flags.load();
            config = loaded.config();
        } catch (ConfigException e) {
            System.err.println("==> " + e.getMessage());
            return 1;
        }
        Path devDir = null;
        if (config.devMode() && config.dataDir().isEmpty()) {
            devDir = Files.createTempDirectory("proconsul-dev-");
            config = config.withDataDir(devDir.toString());
        }
        try {
            config = NodeIdentity.apply(config);
        } catch (ConfigException e) {
            System.err.println("==> " + e.getMessage());
            deleteTree(devDir);
            return 1;
        }
        return run(config, loaded, devDir);
    }

    private int run(AgentConfig config, LoadedConfig loaded, Path devDir) throws InterruptedException {
        PrintStream out = System.out;
        LogConfigurator.forAgent(config.logLevel(), config.logFile());
        // Before the first Netty class loads: Netty reads these once.
        NettyProperties.applyBeforeStart(config);
        AgentRuntime runtime;
        // consul reload: read the files and flags again; the services and checks in them are applied.
        runtime = AgentRuntime.create(config, () -> flags.load().config());
        Banner.print(out, config);
        loaded.warnings().forEach(w -> log.warn("{}", w));
        ShutdownSignal signal = new ShutdownSignal();
        Thread hook = new Thread(() -> shutdown(runtime, devDir, signal), "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        signal.install();
        try {
            runtime.start();
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            runtime.close();
            deleteTree(devDir);
            System.err.println("==> Error starting agent: " + e.getMessage());
            return 1;
        }
        log.info("Consul agent running!");
        ReloadSignal.install(runtime);
        HeapTuning.applyForIdleAgent(config);
        runtime.awaitStop();
        return 0;
    }

    /**
     * On SIGINT or SIGTERM, as Consul's {@code handleSignals}: SIGINT leaves the cluster gracefully unless
     * {@code skip_leave_on_interrupt}, SIGTERM only with {@code leave_on_terminate}. By default a client
     * leaves on both and a server on neither, so that a restarted server rejoins as the same Raft peer.
     */
    private static void shutdown(AgentRuntime runtime, Path devDir, ShutdownSignal signal) {
        if (!runtime.isClosed()) {
            String caught = signal.caught();
            System.out.println("==> Caught signal: " + caught);
            if (runtime.config().leave().leaveOn(caught)) {
                System.out.println("==> Gracefully leaving the cluster...");
                runtime.leave(Duration.ofSeconds(10));
            }
            System.out.println("==> Gracefully shutting down agent...");
            runtime.close();
        }
        deleteTree(devDir);
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove dev data dir {}: {}", dir, e.toString());
        }
    }
}
