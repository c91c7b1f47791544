package io.proconsul.core.check;

import io.proconsul.core.local.CheckDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Check definitions for tests, one kind each. */
final class Definitions {

    private Definitions() {}

    static CheckDefinition script(List<String> args, Duration interval, Duration timeout) {
        return counted(args, interval, timeout, 0, 0);
    }

    static CheckDefinition counted(List<String> args, Duration interval, Duration timeout, int successBeforePassing,
            int failuresBeforeCritical) {
        return new CheckDefinition("c", "c", "", "", args, "", "", Map.of(), "", false, "", "", false, null,
                interval, timeout, "", successBeforePassing, failuresBeforeCritical, null);
    }

    static CheckDefinition http(String url, String method, Map<String, List<String>> header, String body,
            Duration timeout) {
        return new CheckDefinition("c", "c", "", "", List.of(), url, method, header, body, false, "", "", false, null,
                Duration.ofSeconds(10), timeout, "", 0, 0, null);
    }

    static CheckDefinition tcp(String target, Duration interval) {
        return new CheckDefinition("c", "c", "", "", List.of(), "", "", Map.of(), "", false, target, "", false, null,
                interval, null, "", 0, 0, null);
    }

    static CheckDefinition ttl(Duration ttl) {
        return new CheckDefinition("c", "c", "", "", List.of(), "", "", Map.of(), "", false, "", "", false, ttl,
                null, null, "", 0, 0, null);
    }
}
