package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.core.model.KvEntry;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code consul kv export [KEY_OR_PREFIX]}: writes the entries under a prefix to stdout as Consul's JSON
 * array of {@code key}/{@code flags}/{@code value} (base64) objects, tab-indented exactly as Go's {@code
 * json.MarshalIndent} does, so {@code kv import} of either tool reads the other's output.
 */
@Command(
        name = "export",
        customSynopsis = "consul kv export [options] [KEY_OR_PREFIX]",
        description = {
            "Exports a tree from the KV store as JSON",
            "",
            "Writes the keys under a prefix to stdout as JSON, for \"consul kv",
            "import\".",
            "",
            "    $ consul kv export vault > vault.json",
            ""
        })
public final class KvExportCommand extends KvSubcommand {

    @Override
    public Integer call() {
        String prefix = optionalKey();
        if (prefix == null) {
            return 1;
        }
        Optional<KvClient> kv = connect();
        if (kv.isEmpty()) {
            return 1;
        }
        List<KvEntry> entries;
        try {
            entries = kv.get().list(prefix);
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
        ui.info(ExportJson.write(entries.stream().map(ExportJson.Entry::of).toList()));
        return 0;
    }
}
