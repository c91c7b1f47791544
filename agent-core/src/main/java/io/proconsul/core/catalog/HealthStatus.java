package io.proconsul.core.catalog;

import java.util.List;
import java.util.Locale;

/** Consul's check states as they appear on the wire ({@code passing}, ...), worst last. */
public final class HealthStatus {

    public static final String PASSING = "passing";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";
    /** Only as a filter: {@code /v1/health/state/any}. */
    public static final String ANY = "any";
    /** The states a check can hold, best first. */
    public static final List<String> ALL = List.of(PASSING, WARNING, CRITICAL);

    /** The ID and name of the node-level check the leader keeps from gossip membership. */
    public static final String SERF_CHECK_ID = "serfHealth";
    public static final String SERF_CHECK_NAME = "Serf Health Status";
    /** The IDs of the maintenance-mode checks: node-wide, and per service with the service ID appended. */
    public static final String NODE_MAINT_CHECK_ID = "_node_maintenance";
    public static final String SERVICE_MAINT_CHECK_PREFIX = "_service_maintenance:";

    private HealthStatus() {}

    /** Whether {@code status} is one of {@link #ALL} (case-sensitive, as Consul). */
    public static boolean isValid(String status) {
        return ALL.contains(status);
    }

    /** The worse of two states: critical over warning over passing. */
    public static String worse(String a, String b) {
        return ALL.indexOf(a) >= ALL.indexOf(b) ? a : b;
    }

    /** {@code status} lower-cased, for parsing user input that Consul treats case-insensitively. */
    public static String normalize(String status) {
        return status == null ? "" : status.toLowerCase(Locale.ROOT);
    }
}
