package io.proconsul.cli.command.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.members.MembersCommand.AgentMember;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table of {@code consul members} from a given member list: columns, order, filters and tag rewriting. */
class MembersTableTest {

    private static final Pattern ALL = Pattern.compile(".*");

    private static AgentMember member(String name, String addr, int status, Map<String, String> tags) {
        return new AgentMember(name, addr, 8301, tags, status);
    }

    private static final List<AgentMember> CLUSTER = List.of(
            member("t44", "172.17.4.4", 1, Map.of("role", "node", "dc", "dc1", "vsn", "2", "build", "1.9.4:abc")),
            member("root", "172.17.2.1", 1, Map.of("role", "consul", "dc", "dc1", "vsn", "2", "build", "1.9.4:abc")),
            member("t22", "172.17.2.2", 4, Map.of("role", "node", "dc", "dc1", "vsn", "2", "build", "1.9.4:abc")),
            member("odd", "10.0.0.9", 3, Map.of("role", "other")));

    @Test
    void standardTableHasConsulsColumnsServersFirstAndAlignedCells() {
        String table = MembersTable.standard(MembersTable.select(CLUSTER, ALL, MembersCommand.ALL_SEGMENTS));
        assertThat(table).isEqualTo(String.join("\n",
                "Node  Address          Status  Type     Build  Protocol  DC   Partition  Segment",
                "root  172.17.2.1:8301  alive   server   1.9.4  2         dc1  default    <all>",
                "odd   10.0.0.9:8301    left    unknown                                   ",
                "t22   172.17.2.2:8301  failed  client   1.9.4  2         dc1  default    <default>",
                "t44   172.17.4.4:8301  alive   client   1.9.4  2         dc1  default    <default>"));
    }

    @Test
    void statusFilterMatchesAnywhereInTheWordAndNothingLeftIsEmpty() {
        List<AgentMember> alive = MembersTable.select(CLUSTER, Pattern.compile("aliv"), "_all");
        assertThat(alive).extracting(AgentMember::name).containsExactly("root", "t44");
        List<AgentMember> leftOrFailed = MembersTable.select(CLUSTER, Pattern.compile("^(left|failed)$"), "_all");
        assertThat(leftOrFailed).extracting(AgentMember::name).containsExactly("odd", "t22");
        assertThat(MembersTable.select(CLUSTER, Pattern.compile("leaving"), "_all")).isEmpty();
    }

    @Test
    void detailedTableListsEveryTagSortedIncludingTheRewrittenOnes() {
        List<AgentMember> one = List.of(member("root", "172.17.2.1", 1,
                Map.of("role", "consul", "dc", "dc1", "vsn", "2")));
        assertThat(MembersTable.detailed(MembersTable.select(one, ALL, "_all"))).isEqualTo(String.join("\n",
                "Node  Address          Status  Tags",
                "root  172.17.2.1:8301  alive   ap=default,dc=dc1,role=consul,segment=<all>,vsn=2"));
    }

    @Test
    void aServerAskedForTheDefaultSegmentShowsItsOwnAndOldBuildsShowTheirAge() {
        List<AgentMember> one = List.of(member("s", "10.0.0.1", 1, Map.of("role", "consul", "dc", "dc1")));
        String table = MembersTable.standard(MembersTable.select(one, ALL, ""));
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("s     10.0.0.1:8301  alive   server  < 0.3            dc1  default    <default>");
    }

    @Test
    void ipv6AddressesAreBracketedAndUnknownStatusesNamed() {
        assertThat(MembersTable.address(member("v6", "::1", 1, Map.of()))).isEqualTo("[::1]:8301");
        assertThat(MembersTable.statusWord(9)).isEqualTo("unknown");
        assertThat(MembersTable.statusWord(2)).isEqualTo("leaving");
    }
}
