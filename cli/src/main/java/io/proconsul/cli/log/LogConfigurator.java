package io.proconsul.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Configures Logback in code (found through {@link java.util.ServiceLoader}; no XML to parse at start-up).
 *
 * <p>By default only warnings reach stderr, so that CLI commands print nothing but their own output. The
 * {@code agent} command calls {@link #forAgent} once its configuration is loaded: Consul-style lines to
 * stdout at the configured level, and to {@code log_file} too when one is set.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        setContext(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(context, "System.err"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Switches to the agent's logging: {@code level} for Proconsul's own loggers, WARN for libraries (their
     * INFO output is noise to an operator; TRACE opens them up to INFO), stdout plus the optional file.
     *
     * @param level Consul's level name (TRACE, DEBUG, INFO, WARN, ERR or ERROR)
     * @param logFile a file to append to as well, or {@code ""}
     */
    public static void forAgent(String level, String logFile) {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level ours = parseLevel(level);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(ours == Level.TRACE ? Level.INFO : Level.WARN);
        root.addAppender(console(context, "System.out"));
        if (!logFile.isEmpty()) {
            root.addAppender(file(context, logFile));
        }
        context.getLogger("io.proconsul").setLevel(ours);
    }

    static Level parseLevel(String level) {
        String l = level == null ? "INFO" : level.toUpperCase(Locale.ROOT);
        return "ERR".equals(l) ? Level.ERROR : Level.toLevel(l, Level.INFO);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String target) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setTarget(target);
        return start(context, appender, "console");
    }

    private static FileAppender<ILoggingEvent> file(LoggerContext context, String path) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setFile(path);
        appender.setAppend(true);
        return start(context, appender, "file");
    }

    private static <A extends OutputStreamAppender<ILoggingEvent>> A start(LoggerContext context, A appender,
            String name) {
        ConsulLogLayout layout = new ConsulLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
