package io.proconsul.serf;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Consul's merge delegates ({@code agent/consul/merge.go}): which members a pool admits, checked on every
 * join or push-pull (the whole remote state) and on every alive message (one member). On the LAN a member
 * of another datacenter or segment, or one claiming our node ID, is refused; on the WAN only servers are
 * admitted. The error texts are Consul's. Stateless apart from reading the local tags; thread-safe.
 */
final class MergeGuard {

    private final boolean wan;
    private final String datacenter;
    private final String localName;
    private final Supplier<Map<String, String>> localTags;

    MergeGuard(SerfConfig config, Supplier<Map<String, String>> localTags) {
        this.wan = "wan".equals(config.pool());
        this.datacenter = config.datacenter();
        this.localName = config.nodeName();
        this.localTags = localTags;
    }

    /** Returns why {@code members} may not be merged, or {@code null}. */
    String refusal(List<Member> members) {
        return wan ? wanRefusal(members) : lanRefusal(members);
    }

    private static String wanRefusal(List<Member> members) {
        for (Member m : members) {
            if (!m.isServer()) {
                return String.format("Member '%s' is not a server", m.name());
            }
        }
        return null;
    }

    private String lanRefusal(List<Member> members) {
        Map<String, String> local = localTags.get();
        String localId = local.getOrDefault("id", "");
        String segment = local.getOrDefault("segment", "");
        Map<String, String> ids = new HashMap<>();
        for (Member m : members) {
            String id = m.tags().getOrDefault("id", "");
            if (!id.isEmpty() && m.status() != MemberStatus.LEFT) {
                if (id.equals(localId) && !m.name().equals(localName)) {
                    return String.format("Member '%s' has conflicting node ID '%s' with this agent's ID",
                            m.name(), id);
                }
                String other = ids.putIfAbsent(id, m.name());
                if (other != null && !other.equals(m.name())) {
                    return String.format("Member '%s' has conflicting node ID '%s' with member '%s'", m.name(),
                            id, other);
                }
            }
            String role = m.tags().getOrDefault("role", "");
            if (datacenter != null && ("node".equals(role) || "consul".equals(role))
                    && !datacenter.equals(m.datacenter())) {
                return String.format("Member '%s' part of wrong datacenter '%s'", m.name(), m.datacenter());
            }
            String theirSegment = m.tags().getOrDefault("segment", "");
            if (!theirSegment.equals(segment)) {
                return String.format("Member '%s' part of wrong segment '%s' (expected '%s')", m.name(),
                        theirSegment, segment);
            }
        }
        return null;
    }
}
