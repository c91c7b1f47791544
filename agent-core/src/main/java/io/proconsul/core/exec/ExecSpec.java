package io.proconsul.core.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A remote exec job as {@code consul exec} stores it at {@code <prefix>/<session>/job} (Consul's
 * {@code rExecSpec}): a shell command, or the arguments of a process run directly, or a script (base64 in
 * JSON, as Go writes bytes); and how long the caller waits for a quiet period, in nanoseconds as Go encodes a
 * {@code time.Duration}, which is also the agent's heartbeat interval.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExecSpec(
        @JsonProperty("Command") String command,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("Script") byte[] script,
        @JsonProperty("Wait") @JsonInclude(JsonInclude.Include.ALWAYS) long waitNanos) {

    public ExecSpec {
        command = command == null ? "" : command;
        args = args == null ? List.of() : List.copyOf(args);
        script = script == null ? new byte[0] : script;
    }
}
