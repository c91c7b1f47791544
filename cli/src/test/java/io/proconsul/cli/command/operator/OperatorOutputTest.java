package io.proconsul.cli.command.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.operator.RaftListPeersCommand.HealthReply;
import io.proconsul.cli.command.operator.RaftListPeersCommand.RaftConfiguration;
import io.proconsul.cli.command.operator.RaftListPeersCommand.RaftServer;
import io.proconsul.cli.command.operator.RaftListPeersCommand.ServerHealth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts of {@code list-peers} and {@code autopilot state} from given API answers. */
class OperatorOutputTest {

    @Test
    void listPeersTableWithLagInCommits() {
        RaftConfiguration config = new RaftConfiguration(List.of(
                new RaftServer("aaaa", "node1", "10.0.0.1:8300", true, "3", true),
                new RaftServer("bbbb", "node2", "10.0.0.2:8300", false, "3", true),
                new RaftServer("cccc", "node3", "10.0.0.3:8300", false, "3", false),
                new RaftServer("dddd", "node4", "10.0.0.4:8300", false, "", true)));
        HealthReply health = new HealthReply(List.of(new ServerHealth("aaaa", 120), new ServerHealth("bbbb", 119),
                new ServerHealth("cccc", 117)));
        assertThat(RaftListPeersCommand.table(config, health)).isEqualTo(String.join("\n",
                "Node   ID    Address        State     Voter  RaftProtocol  Commit Index  Trails Leader By",
                "node1  aaaa  10.0.0.1:8300  leader    true   3             120           _",
                "node2  bbbb  10.0.0.2:8300  follower  true   3             119           1 Commit",
                "node3  cccc  10.0.0.3:8300  follower  false  3             117           3 Commits",
                "node4  dddd  10.0.0.4:8300  follower  true   <=1           _"));
    }

    private static final String STATE = """
            {"Healthy": true, "FailureTolerance": 1, "OptimisticFailureTolerance": 1,
             "Servers": {
               "b-id": {"ID": "b-id", "Name": "node2", "Address": "198.18.0.2:8300", "NodeStatus": "alive",
                        "Version": "1.9.0", "LastContact": "1ms", "LastTerm": 3, "LastIndex": 41, "Healthy": true,
                        "StableSince": "2020-11-06T14:52:00Z", "ReadReplica": false, "Status": "voter",
                        "Meta": {"zone": "b", "consul-version": "1.9.0"}, "NodeType": "voter"},
               "a-id": {"ID": "a-id", "Name": "node1", "Address": "198.18.0.1:8300", "NodeStatus": "alive",
                        "Version": "1.9.0", "LastContact": "0s", "LastTerm": 3, "LastIndex": 42, "Healthy": true,
                        "StableSince": "2020-11-06T14:51:00Z", "ReadReplica": false, "Status": "leader",
                        "Meta": null, "NodeType": "voter"}},
             "Leader": "a-id", "Voters": ["a-id", "b-id"]}
            """;

    @Test
    void statePrettyLayout() throws Exception {
        JsonNode state = new ObjectMapper().readTree(STATE);
        assertThat(AutopilotStateFormat.pretty(state)).isEqualTo("""
                Healthy:                      true
                Failure Tolerance:            1
                Optimistic Failure Tolerance: 1
                Leader:                       a-id
                Voters:
                   a-id
                   b-id
                Servers:
                   a-id
                      Name:            node1
                      Address:         198.18.0.1:8300
                      Version:         1.9.0
                      Status:          leader
                      Node Type:       voter
                      Node Status:     alive
                      Healthy:         true
                      Last Contact:    0s
                      Last Term:       3
                      Last Index:      42
                   b-id
                      Name:            node2
                      Address:         198.18.0.2:8300
                      Version:         1.9.0
                      Status:          voter
                      Node Type:       voter
                      Node Status:     alive
                      Healthy:         true
                      Last Contact:    1ms
                      Last Term:       3
                      Last Index:      41
                      Meta
                         "consul-version": "1.9.0"
                         "zone": "b"
                """);
    }

    @Test
    void stateJsonIsGoIndentedInStructOrderWithoutEmptyEnterpriseFields() throws Exception {
        String json = AutopilotStateFormat.json(new ObjectMapper().readTree(STATE));
        assertThat(json).startsWith("{\n    \"Healthy\": true,\n    \"FailureTolerance\": 1,\n"
                + "    \"OptimisticFailureTolerance\": 1,\n    \"Servers\": {\n        \"a-id\": {\n"
                + "            \"ID\": \"a-id\",\n");
        assertThat(json).contains("\"Meta\": null,\n            \"NodeType\": \"voter\"\n        },\n        \"b-id\"")
                .endsWith("    \"Leader\": \"a-id\",\n    \"Voters\": [\n        \"a-id\",\n        \"b-id\"\n    ]\n}")
                .doesNotContain("ReadReplicas").doesNotContain("RedundancyZone").doesNotContain("Upgrade");
    }
}
