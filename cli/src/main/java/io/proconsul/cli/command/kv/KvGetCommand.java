package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.command.HttpOptions;
import io.proconsul.core.model.KvEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul kv get [options] [KEY_OR_PREFIX]}: prints a value, the entries under a prefix
 * ({@code -recurse}, as {@code key:value} lines), or key names ({@code -keys}, rolled up at {@code
 * -separator}); {@code -detailed} prints every field aligned as Consul's tabwriter does. A missing key prints
 * "Error! No key exists at: KEY" and exits 1.
 */
@Command(
        name = "get",
        customSynopsis = "consul kv get [options] [KEY_OR_PREFIX]",
        description = {
            "Retrieves or lists data from the KV store",
            "",
            "Prints the value stored at KEY; a missing key is an error, an empty one",
            "prints an empty line. -detailed adds the metadata (ModifyIndex, Flags,",
            "Session, ...); -recurse lists every key:value under a prefix; -keys",
            "lists only key names, rolled up at -separator.",
            "",
            "    $ consul kv get config/redis/maxconns",
            "    $ consul kv get -recurse config/",
            ""
        })
public final class KvGetCommand extends KvSubcommand {

    @Option(names = {"-base64", "--base64"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Base64 encode the value. The default value is false.")
    boolean base64;

    @Option(names = {"-detailed", "--detailed"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Provide additional metadata about the key in addition to the value, such as the "
                    + "ModifyIndex and any flags that may have been set on the key. The default value is false.")
    boolean detailed;

    @Option(names = {"-keys", "--keys"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "List keys which start with the given prefix, but not their values. "
                    + "The default value is false.")
    boolean keys;

    @Option(names = {"-recurse", "--recurse"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Recursively look at all keys prefixed with the given path. The default value is false.")
    boolean recurse;

    @Option(names = {"-separator", "--separator"}, paramLabel = "<string>",
            description = "String to use as a separator between keys, with -keys. The default value is \"/\".")
    String separator = "/";

    @Override
    public Integer call() {
        String key = optionalKey();
        if (key == null) {
            return 1;
        }
        if (key.isEmpty() && !(recurse || keys)) {
            ui.error("Error! Missing KEY argument");
            return 1;
        }
        Optional<KvClient> kv = connect();
        if (kv.isEmpty()) {
            return 1;
        }
        try {
            if (keys && recurse) {
                printEntries(kv.get().list(key), true);
            } else if (keys) {
                kv.get().keys(key, separator).forEach(ui::info);
            } else if (recurse) {
                printEntries(kv.get().list(key), false);
            } else {
                return printOne(kv.get(), key);
            }
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
    }

    private int printOne(KvClient kv, String key) throws ConsulApiException {
        Optional<KvEntry> entry = kv.get(key);
        if (entry.isEmpty()) {
            ui.error("Error! No key exists at: " + key);
            return 1;
        }
        if (detailed) {
            ui.info(detailed(entry.get(), base64, false));
        } else {
            ui.info(value(entry.get()));
        }
        return 0;
    }

    /** Consul prints a blank line between detailed entries; with -keys only key names, no values. */
    private void printEntries(List<KvEntry> entries, boolean keysOnly) {
        for (int i = 0; i < entries.size(); i++) {
            KvEntry entry = entries.get(i);
            if (detailed) {
                ui.info(detailed(entry, base64 && !keysOnly, keysOnly));
                if (i < entries.size() - 1) {
                    ui.info("");
                }
            } else if (keysOnly) {
                ui.info(entry.key());
            } else {
                ui.info(KvOutput.concat(entry.key() + ":", value(entry)));
            }
        }
    }

    private byte[] value(KvEntry entry) {
        byte[] raw = entry.value() == null ? new byte[0] : entry.value();
        return base64 ? Base64.getEncoder().encode(raw) : raw;
    }

    /** Consul's {@code prettyKVPair}: a tabwriter with padding 6, the Value line without a final newline. */
    static byte[] detailed(KvEntry entry, boolean base64Value, boolean keysOnly) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        line(text, "CreateIndex\t" + Long.toUnsignedString(entry.createIndex()) + "\n");
        line(text, "Flags\t" + Long.toUnsignedString(entry.flags()) + "\n");
        line(text, "Key\t" + entry.key() + "\n");
        line(text, "LockIndex\t" + Long.toUnsignedString(entry.lockIndex()) + "\n");
        line(text, "ModifyIndex\t" + Long.toUnsignedString(entry.modifyIndex()) + "\n");
        line(text, "Session\t" + (entry.session().isEmpty() ? "-" : entry.session()) + "\n");
        if (!keysOnly) {
            byte[] raw = entry.value() == null ? new byte[0] : entry.value();
            line(text, "Value\t");
            text.writeBytes(base64Value ? Base64.getEncoder().encode(raw) : raw);
        }
        return new TabWriter(6).format(text.toByteArray());
    }

    private static void line(ByteArrayOutputStream text, String s) {
        text.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
