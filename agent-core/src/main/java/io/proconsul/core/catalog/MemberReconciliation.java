package io.proconsul.core.catalog;

import io.proconsul.core.membership.Member;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the leader writes to make the catalog agree with one gossip member: Consul's {@code leader.go}
 * {@code handleAliveMember}, {@code handleFailedMember}, {@code handleDeregisterMember} and
 * {@code reconcileReaped}, as pure decisions over what the catalog holds, so they can be tested without a
 * cluster. {@link MemberReconciler} reads the catalog, asks here, and applies the answer.
 *
 * <p>Each decision is empty when the catalog already agrees, so a reconcile of an unchanged cluster
 * writes nothing to the Raft log.
 */
public final class MemberReconciliation {

    /** Consul's {@code SerfCheckAliveOutput}. */
    public static final String ALIVE_OUTPUT = "Agent alive and reachable";
    /** Consul's {@code SerfCheckFailedOutput}. */
    public static final String FAILED_OUTPUT = "Agent not live or unreachable";
    /** Consul's {@code ConsulServiceID} / {@code ConsulServiceName}: every server registers it on its node. */
    public static final String CONSUL_SERVICE = "consul";

    private final String selfName;
    private final String datacenter;

    /**
     * @param selfName this server's node name: never deregistered by itself (a leader that is leaving
     *     leaves that to the next leader, as Consul does)
     * @param datacenter members tagged with another datacenter are not this catalog's
     */
    public MemberReconciliation(String selfName, String datacenter) {
        this.selfName = selfName;
        this.datacenter = datacenter;
    }

    /** The catalog's view of one node: empty when it is not registered. */
    public record NodeState(Optional<NodeServices> node, List<HealthCheck> checks) {

        public static final NodeState ABSENT = new NodeState(Optional.empty(), List.of());

        public NodeState {
            checks = List.copyOf(checks);
        }

        Optional<HealthCheck> serfCheck() {
            return checks.stream().filter(c -> HealthStatus.SERF_CHECK_ID.equals(c.checkId())).findFirst();
        }
    }

    /**
     * Consul's {@code shouldHandleMember}: agents ({@code role=node}) and servers ({@code role=consul}) of
     * this datacenter. Anything else in the pool (other tools speaking serf) is left alone.
     */
    public boolean handles(Member m) {
        String role = m.tags().getOrDefault("role", "");
        return (role.equals("node") || role.equals("consul")) && datacenter.equals(m.datacenter());
    }

    /**
     * The write that brings the catalog in line with {@code m}, given what it holds for that node.
     *
     * @param reaped the member was reaped (Consul's {@code StatusReap}): deregistered whatever its status
     */
    public Optional<Command<Boolean>> decide(Member m, boolean reaped, NodeState state) {
        if (!handles(m)) {
            return Optional.empty();
        }
        if (reaped) {
            return deregister(m.name(), state);
        }
        return switch (m.status()) {
            case ALIVE -> alive(m, state);
            case FAILED -> failed(m, state);
            case LEFT -> deregister(m.name(), state);
            case LEAVING, NONE -> Optional.empty();
        };
    }

    /**
     * Consul's {@code reconcileReaped}: nodes with a {@code serfHealth} check that gossip no longer knows
     * at all are deregistered. Nodes without that check (registered through {@code /v1/catalog/register})
     * are never touched.
     *
     * @param known the names of every member gossip knows, whatever its status
     * @param checks every check in the catalog (only {@code serfHealth} ones are looked at)
     */
    public List<CatalogDeregister> reaped(Set<String> known, List<HealthCheck> checks) {
        Set<String> folded = known.stream().map(MemberReconciliation::fold).collect(Collectors.toSet());
        List<CatalogDeregister> out = new ArrayList<>();
        for (HealthCheck c : checks) {
            if (HealthStatus.SERF_CHECK_ID.equals(c.checkId()) && !folded.contains(fold(c.node()))
                    && !isSelf(c.node())) {
                out.add(CatalogDeregister.node(c.node()));
            }
        }
        return out;
    }

    private Optional<Command<Boolean>> alive(Member m, NodeState state) {
        NodeService service = m.isServer() ? consulService(m) : null;
        if (sameAddress(m, state)) {
            boolean hasService = service == null || state.node().orElseThrow().services().stream()
                    .anyMatch(s -> s.id().equals(CONSUL_SERVICE));
            boolean passing = state.serfCheck().map(c -> HealthStatus.PASSING.equals(c.status())).orElse(false);
            if (hasService && passing) {
                return Optional.empty();
            }
        }
        return Optional.of(register(m, service, HealthStatus.PASSING, ALIVE_OUTPUT));
    }

    private Optional<Command<Boolean>> failed(Member m, NodeState state) {
        if (sameAddress(m, state)
                && state.serfCheck().map(c -> HealthStatus.CRITICAL.equals(c.status())).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(register(m, null, HealthStatus.CRITICAL, FAILED_OUTPUT));
    }

    private Optional<Command<Boolean>> deregister(String name, NodeState state) {
        if (isSelf(name) || state.node().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CatalogDeregister.node(state.node().get().node().node()));
    }

    /**
     * Consul registers with {@code SkipNodeUpdate}: an existing node keeps the address and metadata its
     * own agent registered; a new node gets the member's name, ID and address.
     */
    private static CatalogRegister register(Member m, NodeService service, String status, String output) {
        HealthCheck check = new HealthCheck(m.name(), HealthStatus.SERF_CHECK_ID, HealthStatus.SERF_CHECK_NAME,
                status, "", output, "", "", List.of(), "", "", "", 0, 0);
        return new CatalogRegister(m.name(), m.tags().getOrDefault("id", ""), m.addr(), Map.of(), Map.of(), service,
                List.of(check), true);
    }

    private static NodeService consulService(Member m) {
        int port;
        try {
            port = Integer.parseInt(m.tags().getOrDefault("port", "0"));
        } catch (NumberFormatException e) {
            port = 0;
        }
        return new NodeService("", CONSUL_SERVICE, CONSUL_SERVICE, List.of(), Map.of(), port, "", Map.of(), null,
                false, 0, 0);
    }

    private static boolean sameAddress(Member m, NodeState state) {
        return state.node().map(n -> n.node().address().equals(m.addr())).orElse(false);
    }

    private boolean isSelf(String name) {
        return fold(name).equals(fold(selfName));
    }

    /** Node names compare case-insensitively in the catalog, as in Consul. */
    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
