package io.proconsul.cli.command.members;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul members [-detailed] [-status=<regexp>] [-wan] [-segment=<name>] [-filter=<expr>]}: the gossip
 * pool as the agent sees it ({@code -filter} runs in the agent, as {@code /v1/agent/members?filter=}), in
 * Consul's table ({@code Node Address Status Type Build Protocol DC Partition Segment}, or
 * {@code Node Address Status Tags} with {@code -detailed}), servers first, then by segment and name.
 *
 * <p>Exit codes as Consul: 0 with output, 2 when no member matches {@code -status} (nothing printed), 1 on
 * any error.
 */
@Command(
        name = "members",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul members [options]",
        description = {"Lists the members of a Consul cluster", "", "  Outputs the members of a running Consul agent.",
            ""})
public final class MembersCommand extends AgentApiCommand {

    /** The segment value that asks for every segment ({@code api.AllSegments}). */
    static final String ALL_SEGMENTS = "_all";

    @Option(names = {"-detailed", "--detailed"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Provides detailed information about nodes.")
    boolean detailed;

    @Option(names = {"-wan", "--wan"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "If the agent is in server mode, this can be used to return the other peers in the WAN "
                    + "pool.")
    boolean wan;

    @Option(names = {"-status", "--status"}, paramLabel = "<string>",
            description = "If provided, output is filtered to only nodes matching the regular expression for "
                    + "status.")
    String status = ".*";

    @Option(names = {"-segment", "--segment"}, paramLabel = "<string>",
            description = "(Enterprise-only) If provided, output is filtered to only nodes in the given segment.")
    String segment = ALL_SEGMENTS;

    @Option(names = {"-filter", "--filter"}, paramLabel = "<string>",
            description = "Filter to use with the request")
    String filter = "";

    /** Consul ignores arguments after the flags. */
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored = List.of();

    /** Serf's member as {@code /v1/agent/members} sends it; only the fields the table needs. */
    record AgentMember(
            @JsonProperty("Name") String name,
            @JsonProperty("Addr") String addr,
            @JsonProperty("Port") int port,
            @JsonProperty("Tags") Map<String, String> tags,
            @JsonProperty("Status") int status) {}

    private static final TypeReference<List<AgentMember>> MEMBERS = new TypeReference<>() {};

    @Override
    public Integer call() {
        Pattern statusRe;
        try {
            statusRe = Pattern.compile(status);
        } catch (PatternSyntaxException e) {
            error("Failed to compile status regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        List<AgentMember> members;
        try {
            Map<String, String> params = new TreeMap<>(Map.of("segment", segment));
            if (wan) {
                params.put("wan", "1");
            }
            if (!filter.isEmpty()) {
                params.put("filter", filter);
            }
            members = client.get().getJson("/v1/agent/members", params, MEMBERS);
        } catch (ConsulApiException e) {
            return fail("Error retrieving members: ", e);
        }
        List<AgentMember> shown = MembersTable.select(members == null ? List.of() : members, statusRe, segment);
        if (shown.isEmpty()) {
            return 2;
        }
        output(detailed ? MembersTable.detailed(shown) : MembersTable.standard(shown));
        return 0;
    }

    /** Copies a member with its tags in a mutable map, as the table code rewrites some of them. */
    static AgentMember mutable(AgentMember m) {
        return new AgentMember(m.name(), m.addr(), m.port(),
                m.tags() == null ? new HashMap<>() : new HashMap<>(m.tags()), m.status());
    }

    static List<AgentMember> copyAll(List<AgentMember> members) {
        List<AgentMember> out = new ArrayList<>(members.size());
        members.forEach(m -> out.add(mutable(m)));
        return out;
    }
}
