package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Seed 002's MySQL pattern end to end, on the real jar: a write name ({@code w-3333-mysql-test}) that follows
 * the master through a script check, and a read name ({@code r-3333-mysql-test}) with replicas. When the
 * master's check starts failing, its name leaves DNS and {@code ?passing} within one check interval (+1 s);
 * when it recovers, it comes back as fast.
 */
class MysqlFailoverPatternIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration BOUND = INTERVAL.plusSeconds(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void masterNameFollowsItsScriptCheck() throws Exception {
        Path master = Files.writeString(tmp.resolve("master.up"), "");
        Path check = Files.writeString(tmp.resolve("check_mysql.sh"), "#!/bin/sh\n[ -f \"$1\" ] && exit 0\n"
                + "echo \"mysql on $2 is not master\"\nexit 2\n");
        Path conf = Files.createDirectories(tmp.resolve("consul.d"));
        Files.writeString(conf.resolve("agent.json"), "{\"enable_local_script_checks\": true}");
        Files.writeString(conf.resolve("w-3333-mysql-test.json"), service("w-3333-mysql-test", "master-test-3333",
                "10.64.50.129", check, master));
        Files.writeString(conf.resolve("r-3333-mysql-test.json"), service("r-3333-mysql-test", "slave-test-3333",
                "10.64.50.128", check, Files.writeString(tmp.resolve("replica.up"), "")));
        int http = TestAgent.freePort();
        int dns = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent.log"), "agent", "-dev",
                "-config-dir=" + conf, "-http-port=" + http, "-dns-port=" + dns,
                "-server-port=" + TestAgent.freePort(), "-serf-lan-port=" + TestAgent.freePort(),
                "-serf-wan-port=" + TestAgent.freePort())) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns));
            resolver.setTimeout(Duration.ofSeconds(2));
            awaitAddresses(resolver, "w-3333-mysql-test", List.of("10.64.50.129"), Duration.ofSeconds(30));
            // Checks start critical, as Consul's, until their first run (staggered within the interval).
            awaitAddresses(resolver, "r-3333-mysql-test", List.of("10.64.50.128"), Duration.ofSeconds(30));

            Files.delete(master);
            long gone = awaitAddresses(resolver, "w-3333-mysql-test", List.of(), BOUND.plusSeconds(5));
            assertThat(Duration.ofMillis(gone)).as("master left DNS after %d ms", gone).isLessThanOrEqualTo(BOUND);
            assertThat(passing(http, "w-3333-mysql-test")).isEqualTo("[]");
            assertThat(addresses(resolver, "r-3333-mysql-test")).containsExactly("10.64.50.128");

            Files.writeString(master, "");
            long back = awaitAddresses(resolver, "w-3333-mysql-test", List.of("10.64.50.129"), BOUND.plusSeconds(5));
            assertThat(Duration.ofMillis(back)).as("master back in DNS after %d ms", back)
                    .isLessThanOrEqualTo(BOUND);
            assertThat(passing(http, "w-3333-mysql-test")).contains("\"Address\":\"10.64.50.129\"");
            System.out.printf("mysql pattern: master left DNS %d ms after its check began failing, back %d ms after"
                    + " it recovered (interval %s)%n", gone, back, INTERVAL);
        }
    }

    private static String service(String name, String tag, String address, Path script, Path flag) {
        return "{\"services\": [{\"name\": \"" + name + "\", \"tags\": [\"" + tag + "\"], \"address\": \"" + address
                + "\", \"port\": 3333, \"checks\": [{\"args\": [\"/bin/sh\", \"" + script + "\", \"" + flag
                + "\", \"3333\"], \"interval\": \"" + INTERVAL.toSeconds() + "s\"}]}]}";
    }

    /** Polls until the name's A records are {@code expected}; returns the milliseconds that took. */
    private static long awaitAddresses(SimpleResolver resolver, String service, List<String> expected,
            Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> last = null;
        while (System.nanoTime() < deadline) {
            last = addresses(resolver, service);
            if (last.equals(expected)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(service + " still resolves to " + last + " after " + timeout + ", not " + expected);
    }

    private static List<String> addresses(SimpleResolver resolver, String service) throws Exception {
        Name name = Name.fromString(service + ".service.consul.");
        Message answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
        List<String> out = new ArrayList<>();
        if (answer.getRcode() != Rcode.NOERROR && answer.getRcode() != Rcode.NXDOMAIN) {
            throw new AssertionError("rcode " + Rcode.string(answer.getRcode()));
        }
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }

    /** {@code /v1/health/service/<name>?passing} with the JSON compacted. */
    private static String passing(int http, String service) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + http + "/v1/health/service/" + service + "?passing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().replaceAll("\\s+", "");
    }
}
