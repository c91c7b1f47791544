package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.ServiceEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The instances DNS may hand out, Consul's {@code CheckServiceNodes.Filter(onlyPassing)} plus its tag filter:
 * never one with a critical check (its own or its node's); with {@code only_passing}, only those whose
 * checks all pass. Tags compare case-insensitively, as Consul's catalog does.
 */
final class HealthyInstances {

    private HealthyInstances() {}

    /** The matching instances in random order (Consul shuffles every answer); {@code tag} may be null. */
    static List<ServiceEntry> select(List<ServiceEntry> entries, String tag, boolean onlyPassing, Random random) {
        List<ServiceEntry> out = new ArrayList<>();
        for (ServiceEntry e : entries) {
            if (tag != null && e.service().tags().stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                continue;
            }
            String status = e.aggregateStatus();
            if (status.equals(HealthStatus.CRITICAL) || onlyPassing && !status.equals(HealthStatus.PASSING)) {
                continue;
            }
            out.add(e);
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** The SRV weight by health: {@code Weights.Warning} while a check warns, else {@code Weights.Passing}. */
    static int weight(ServiceEntry e) {
        return e.aggregateStatus().equals(HealthStatus.WARNING)
                ? e.service().weights().warning()
                : e.service().weights().passing();
    }
}
