package io.proconsul.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Formats log lines the way Consul's hclog does, so that log shippers and operators' greps keep working:
 * {@code 2026-11-21T06:12:00.123Z [INFO]  agent.server.raft: entering leader state}.
 *
 * <p>Java logger names are mapped to Consul's subsystem names by package prefix (first match wins).
 */
public final class ConsulLogLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx");

    private static final List<Map.Entry<String, String>> NAMES = List.of(
            Map.entry("org.apache.ratis", "agent.server.raft"),
            Map.entry("io.proconsul.raft", "agent.server"),
            Map.entry("io.proconsul.serf", "agent.server.serf"),
            Map.entry("io.proconsul.http", "agent.http"),
            Map.entry("io.proconsul.dns", "agent.dns"),
            Map.entry("io.proconsul.core.config", "agent.config"),
            Map.entry("io.proconsul", "agent"),
            Map.entry("io.netty", "agent.netty"),
            Map.entry("org.rocksdb", "agent.server.fsm"));

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128);
        ZonedDateTime t = Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone);
        sb.append(TIME.format(t));
        sb.append(t.getOffset().equals(ZoneOffset.UTC) ? "Z" : OFFSET.format(t));
        sb.append(' ').append(levelTag(event.getLevel())).append(' ');
        sb.append(subsystem(event.getLoggerName())).append(": ");
        sb.append(event.getFormattedMessage());
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            sb.append(": error=\"").append(error.getClassName());
            if (error.getMessage() != null) {
                sb.append(": ").append(error.getMessage());
            }
            sb.append('"');
        }
        return sb.append(System.lineSeparator()).toString();
    }

    /** hclog pads the tag to seven characters: {@code [INFO] }, {@code [ERROR]}. */
    static String levelTag(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> "[TRACE]";
            case Level.DEBUG_INT -> "[DEBUG]";
            case Level.INFO_INT -> "[INFO] ";
            case Level.WARN_INT -> "[WARN] ";
            default -> "[ERROR]";
        };
    }

    static String subsystem(String loggerName) {
        for (Map.Entry<String, String> e : NAMES) {
            if (loggerName.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return loggerName;
    }
}
