package io.proconsul.cli.command.members;

import io.proconsul.cli.command.Columnize;
import io.proconsul.cli.command.members.MembersCommand.AgentMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How {@code consul members} turns the agent's member list into its table, rule for rule as Consul's
 * command: the partition tag ({@code ap}) defaults to {@code default}; in the default partition a server
 * shows segment {@code <all>} when every segment was asked for and a member without a segment shows
 * {@code <default>}; members whose status word does not match {@code -status} (anywhere in the word) are
 * dropped; servers sort first, then members of the default partition, then by segment, partition and name.
 */
final class MembersTable {

    private static final char D = Columnize.DELIM;
    private static final String[] STATUS = {"none", "alive", "leaving", "left", "failed"};

    private MembersTable() {}

    /** Serf's status word for the numeric {@code Status}. */
    static String statusWord(int status) {
        return status >= 0 && status < STATUS.length ? STATUS[status] : "unknown";
    }

    /** The members to show, with their tags rewritten as Consul rewrites them, in Consul's order. */
    static List<AgentMember> select(List<AgentMember> members, Pattern statusRe, String segmentFlag) {
        List<AgentMember> out = new ArrayList<>();
        for (AgentMember m : MembersCommand.copyAll(members)) {
            Map<String, String> tags = m.tags();
            if (tags.getOrDefault("ap", "").isEmpty()) {
                tags.put("ap", "default");
            }
            if (isDefault(tags.get("ap"))) {
                if (segmentFlag.equals(MembersCommand.ALL_SEGMENTS) && "consul".equals(tags.get("role"))) {
                    tags.put("segment", "<all>");
                } else if (tags.getOrDefault("segment", "").isEmpty()) {
                    tags.put("segment", "<default>");
                }
            } else {
                tags.put("segment", "");
            }
            if (statusRe.matcher(statusWord(m.status())).find()) {
                out.add(m);
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<AgentMember> ORDER = Comparator
            .comparing((AgentMember m) -> !"consul".equals(m.tags().get("role")))
            .thenComparing(m -> !isDefault(m.tags().getOrDefault("ap", "")))
            .thenComparing(m -> m.tags().getOrDefault("segment", ""))
            .thenComparing(m -> m.tags().getOrDefault("ap", ""))
            .thenComparing(AgentMember::name);

    private static boolean isDefault(String partition) {
        return partition == null || partition.isEmpty() || partition.equals("default");
    }

    static String standard(List<AgentMember> members) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(String.valueOf(D), "Node", "Address", "Status", "Type", "Build", "Protocol", "DC",
                "Partition", "Segment"));
        for (AgentMember m : members) {
            Map<String, String> t = m.tags();
            String build = t.getOrDefault("build", "");
            if (build.isEmpty()) {
                build = "< 0.3";
            } else if (build.indexOf(':') >= 0) {
                build = build.substring(0, build.indexOf(':'));
            }
            String role = t.getOrDefault("role", "");
            String head = m.name() + D + address(m) + D + statusWord(m.status()) + D;
            if (role.equals("node") || role.equals("consul")) {
                lines.add(head + (role.equals("node") ? "client" : "server") + D + build + D
                        + t.getOrDefault("vsn", "") + D + t.getOrDefault("dc", "") + D + t.getOrDefault("ap", "")
                        + D + t.getOrDefault("segment", ""));
            } else {
                lines.add(head + "unknown" + D + D + D + D + D);
            }
        }
        return Columnize.format(lines);
    }

    static String detailed(List<AgentMember> members) {
        List<String> lines = new ArrayList<>();
        lines.add("Node" + D + "Address" + D + "Status" + D + "Tags");
        for (AgentMember m : members) {
            StringBuilder tags = new StringBuilder();
            for (Map.Entry<String, String> e : new TreeMap<>(m.tags()).entrySet()) {
                if (tags.length() > 0) {
                    tags.append(',');
                }
                tags.append(e.getKey()).append('=').append(e.getValue());
            }
            lines.add(m.name() + D + address(m) + D + statusWord(m.status()) + D + tags);
        }
        return Columnize.format(lines);
    }

    /** Go's {@code net.TCPAddr.String()}: IPv6 addresses in brackets. */
    static String address(AgentMember m) {
        String ip = m.addr() == null ? "" : m.addr();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + m.port();
    }
}
