package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    static ConfigLoader loader() {
        return new ConfigLoader().hostname(() -> "host1")
                .interfaceAddresses(() -> List.of(InetAddress.getLoopbackAddress(), ip("10.1.2.3")));
    }

    static InetAddress ip(String s) {
        return AddressSettings.parseIp(s);
    }

    Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void defaultsAreConsuls() throws Exception {
        Path f = write("a.json", "{\"data_dir\": \"/var/lib/x\"}");
        LoadedConfig loaded = loader().configPaths(List.of(f.toString())).load();
        AgentConfig c = loaded.config();
        assertThat(c.nodeName()).isEqualTo("host1");
        assertThat(c.nodeId()).isEmpty();
        assertThat(c.datacenter()).isEqualTo("dc1");
        assertThat(c.primaryDatacenter()).isEqualTo("dc1");
        assertThat(c.server()).isFalse();
        assertThat(c.bootstrap()).isFalse();
        assertThat(c.devMode()).isFalse();
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.advertiseAddr()).as("detected private IPv4").isEqualTo("10.1.2.3");
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1");
        assertThat(c.ports()).isEqualTo(AgentConfig.Ports.DEFAULTS);
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.uiEnabled()).isFalse();
        assertThat(c.limits()).isEqualTo(AgentConfig.Limits.DEFAULTS);
        assertThat(c.domain()).isEqualTo("consul.");
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.raft()).isEqualTo(AgentConfig.Raft.DEFAULTS);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void devModeNeedsNoFileAndRunsABootstrappedServerOnLoopback() throws Exception {
        AgentConfig c = loader().devMode(true).load().config();
        assertThat(c.devMode()).isTrue();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrap()).isTrue();
        assertThat(c.dataDir()).isEmpty();
        assertThat(c.bindAddr()).isEqualTo("127.0.0.1");
        assertThat(c.effectiveAdvertiseAddr()).isEqualTo("127.0.0.1");
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1");
        assertThat(c.uiEnabled()).isTrue();
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.raft().raftMultiplier()).isEqualTo(1);
        assertThat(c.ports().grpc()).isEqualTo(8502);
        assertThat(c.nodeName()).isEqualTo("host1");
    }

    @Test
    void dirFilesLoadAlphabeticallyLaterWinsListsAppendMapsMerge() throws Exception {
        write("conf/b.hcl", "datacenter = \"two\"\nretry_join = [\"b\"]\nnode_meta { rack = \"r2\" }");
        write("conf/a.json", "{\"datacenter\": \"one\", \"data_dir\": \"/d\", \"retry_join\": [\"a\"],"
                + " \"node_meta\": {\"rack\": \"r1\", \"zone\": \"z\"}, \"log_level\": \"warn\"}");
        write("conf/c.txt", "not config");
        Files.createDirectories(tmp.resolve("conf/sub.json"));
        LoadedConfig loaded = loader().configPaths(List.of(tmp.resolve("conf").toString())).load();
        AgentConfig c = loaded.config();
        assertThat(c.datacenter()).isEqualTo("two");
        assertThat(c.retryJoin()).containsExactly("a", "b");
        assertThat(c.nodeMeta()).isEqualTo(Map.of("rack", "r2", "zone", "z"));
        assertThat(c.logLevel()).isEqualTo("WARN");
        assertThat(loaded.warnings()).containsExactly("skipping file " + tmp.resolve("conf/c.txt")
                + ", extension must be .hcl or .json, or config format must be set");
    }

    @Test
    void pathsLoadInTheOrderGivenAndFlagsComeLastExceptLists() throws Exception {
        Path first = write("z.hcl", "node_name = \"from-z\"\nretry_join = [\"z\"]\ndata_dir = \"/d\"");
        Path second = write("a.hcl", "node_name = \"from-a\"\nretry_join = [\"a\"]\nports { http = 9000 }");
        FlagSource flags = new FlagSource().set("ports.http", 9100).add("retry_join", "flag")
                .set("datacenter", "fdc");
        AgentConfig c = loader().configPaths(List.of(first.toString(), second.toString())).flags(flags)
                .load().config();
        assertThat(c.nodeName()).isEqualTo("from-a");
        assertThat(c.ports().http()).isEqualTo(9100);
        assertThat(c.datacenter()).isEqualTo("fdc");
        // Consul merges list flags before the files, so they come first.
        assertThat(c.retryJoin()).containsExactly("flag", "z", "a");
    }

    @Test
    void jsonAndHclGiveTheSameConfig() throws Exception {
        Path json = write("x/s.json", """
                {
                  "node_name": "n1", "node_id": "ADF4238A-882B-9DDC-4A9D-5B6758E4159E",
                  "datacenter": "East-1", "primary_datacenter": "east-1", "data_dir": "/var/lib/p",
                  "server": true, "bootstrap_expect": 3, "bind_addr": "10.0.0.1",
                  "client_addr": "127.0.0.1 10.0.0.1", "advertise_addr": "10.0.0.2",
                  "addresses": {"http": "0.0.0.0", "dns": "127.0.0.2"},
                  "ports": {"dns": 8601, "http": 8501, "https": 8443, "grpc": 8502, "serf_lan": 8311,
                            "serf_wan": -1, "server": 8310},
                  "log_level": "trace", "log_file": "/var/log/p/", "ui_config": {"enabled": true},
                  "limits": {"kv_max_value_size": 1024, "txn_max_req_len": 2048, "http_max_conns_per_client": 5},
                  "session_ttl_min": "2s",
                  "domain": "Example", "start_join": ["10.0.0.9"], "retry_join": ["10.0.0.7", "10.0.0.8"],
                  "retry_interval": "5s", "retry_max": 4, "rejoin_after_leave": true,
                  "node_meta": {"rack": "r1"}, "raft_snapshot_threshold": 100, "raft_snapshot_interval": "1m",
                  "raft_trailing_logs": 200, "performance": {"raft_multiplier": 2}
                }""");
        Path hcl = write("y/s.hcl", """
                node_name = "n1"
                node_id = "ADF4238A-882B-9DDC-4A9D-5B6758E4159E"
                datacenter = "East-1"  primary_datacenter = "east-1"
                data_dir = "/var/lib/p"
                server = true bootstrap_expect = 3
                bind_addr = "10.0.0.1"
                client_addr = "127.0.0.1 10.0.0.1"
                advertise_addr = "10.0.0.2"
                addresses { http = "0.0.0.0" dns = "127.0.0.2" }
                ports {
                  dns = 8601, http = 8501, https = 8443, grpc = 8502
                  serf_lan = 8311 serf_wan = -1 server = 8310
                }
                log_level = "trace"
                log_file = "/var/log/p/"
                ui_config { enabled = true }
                limits = { kv_max_value_size = 1024 txn_max_req_len = 2048 http_max_conns_per_client = 5 }
                session_ttl_min = "2s"
                domain = "Example"
                start_join = ["10.0.0.9"]
                retry_join = ["10.0.0.7", "10.0.0.8"]
                retry_interval = "5s"
                retry_max = 4
                rejoin_after_leave = true
                node_meta { rack = "r1" }
                raft_snapshot_threshold = 100 raft_snapshot_interval = "1m" raft_trailing_logs = 200
                performance { raft_multiplier = 2 }
                """);
        AgentConfig fromJson = loader().configPaths(List.of(json.toString())).load().config();
        AgentConfig fromHcl = loader().configPaths(List.of(hcl.toString())).load().config();
        assertThat(fromHcl).isEqualTo(fromJson);
        AgentConfig c = fromJson;
        assertThat(c.nodeId()).isEqualTo("adf4238a-882b-9ddc-4a9d-5b6758e4159e");
        assertThat(c.datacenter()).isEqualTo("east-1");
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1", "10.0.0.1");
        assertThat(c.httpAddrs()).containsExactly("0.0.0.0");
        assertThat(c.dnsAddrs()).containsExactly("127.0.0.2");
        assertThat(c.ports()).isEqualTo(new AgentConfig.Ports(8601, 8501, 8443, 8502, 8311, -1, 8310));
        assertThat(c.logLevel()).isEqualTo("TRACE");
        assertThat(c.limits()).isEqualTo(new AgentConfig.Limits(1024, 2048, 5, Duration.ofSeconds(2)));
        assertThat(c.domain()).isEqualTo("example.");
        assertThat(c.startJoin()).containsExactly("10.0.0.9");
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryMax()).isEqualTo(4);
        assertThat(c.rejoinAfterLeave()).isTrue();
        assertThat(c.effectiveAdvertiseAddr()).isEqualTo("10.0.0.2");
        assertThat(c.raft()).isEqualTo(new AgentConfig.Raft(100, Duration.ofMinutes(1), 200, 2));
    }

    @Test
    void configFormatReadsAnyExtension() throws Exception {
        Path f = write("agent.conf", "data_dir = \"/d\"\nnode_name = \"n\"");
        assertThat(loader().configFormat("hcl").configPaths(List.of(f.toString())).load().config().nodeName())
                .isEqualTo("n");
    }

    @Test
    void anHclFileHoldingJsonIsReadAsJsonAsHcl1Does() throws Exception {
        Path f = write("a.hcl", "  {\"data_dir\": \"/d\", \"node_name\": \"j\"}");
        assertThat(loader().configPaths(List.of(f.toString())).load().config().nodeName()).isEqualTo("j");
    }

    @Test
    void singleItemListsUnwrapAsHclBlocksDo() throws Exception {
        Path f = write("a.json", "{\"data_dir\": \"/d\", \"ports\": [{\"http\": 1234}], \"server\": [true],"
                + " \"retry_max\": 3.0}");
        AgentConfig c = loader().configPaths(List.of(f.toString())).load().config();
        assertThat(c.ports().http()).isEqualTo(1234);
        assertThat(c.server()).isTrue();
        assertThat(c.retryMax()).as("an integral JSON float is an int").isEqualTo(3);
    }

    @Test
    void legacyUiKeyStillWorksWithConsulsWarning() throws Exception {
        Path f = write("a.hcl", "data_dir = \"/d\"\nui = true");
        LoadedConfig loaded = loader().configPaths(List.of(f.toString())).load();
        assertThat(loaded.config().uiEnabled()).isTrue();
        assertThat(loaded.warnings())
                .containsExactly("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead.");
    }

    @Test
    void bootstrapExpectOneMeansBootstrap() throws Exception {
        Path f = write("a.hcl", "data_dir = \"/d\"\nserver = true\nbootstrap_expect = 1");
        LoadedConfig loaded = loader().configPaths(List.of(f.toString())).load();
        assertThat(loaded.config().bootstrap()).isTrue();
        assertThat(loaded.config().bootstrapExpect()).isZero();
        assertThat(loaded.warnings()).contains("BootstrapExpect is set to 1; this is the same as Bootstrap mode.");
    }

    @Test
    void emptyFilesAreSkipped() throws Exception {
        Path empty = write("empty.json", "");
        Path f = write("a.hcl", "data_dir = \"/d\"");
        assertThat(loader().configPaths(List.of(empty.toString(), f.toString())).load().config().dataDir())
                .isEqualTo("/d");
    }

    /** The JSON Consul's own sdk/testutil TestServer writes must start an agent, with warnings only. */
    @Test
    void consulTestServerConfigIsAccepted() throws Exception {
        Path f = write("config.json", """
                {"node_name":"node-5a4e1c3b-0000-4000-8000-000000000001",
                 "node_id":"5a4e1c3b-0000-4000-8000-000000000001","performance":{"raft_multiplier":1},
                 "bootstrap":true,"server":true,"data_dir":"/tmp/TestX/data","segments":null,
                 "disable_update_check":true,"log_level":"debug","bind_addr":"127.0.0.1","addresses":{},
                 "ports":{"dns":20001,"http":20002,"https":20003,"serf_lan":20004,"serf_wan":20005,
                          "server":20006,"grpc":20007,"grpc_tls":20008},
                 "acl":{"tokens":{}},"connect":{"enabled":true,"ca_config":{"cluster_id":"11111111-2222"}},
                 "skip_leave_on_interrupt":true,"peering":{"enabled":true}}""");
        LoadedConfig loaded = loader().configPaths(List.of(f.toString())).load();
        AgentConfig c = loaded.config();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrap()).isTrue();
        assertThat(c.ports()).isEqualTo(new AgentConfig.Ports(20001, 20002, 20003, 20007, 20004, 20005, 20006));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.raft().raftMultiplier()).isEqualTo(1);
        assertThat(loaded.warnings()).allMatch(w -> w.startsWith(f + ": config key ")
                || w.equals("bootstrap = true: do not enable unless necessary")).hasSize(6);
        assertThat(c.leave().skipLeaveOnInterrupt()).isTrue();
    }
}
