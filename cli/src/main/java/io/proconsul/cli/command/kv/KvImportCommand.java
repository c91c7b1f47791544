package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.command.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul kv import [options] DATA}: writes the entries of a {@code kv export} document, read from
 * {@code @file}, stdin ({@code -}) or the argument itself, printing "Imported: KEY" per key. Keys go under
 * {@code -prefix} joined as Go's {@code path.Join} does (which also cleans {@code a//b} to {@code a/b}), a
 * trailing {@code /} being kept for folder keys. Stops at the first failed write, as Consul does.
 */
@Command(
        name = "import",
        customSynopsis = "consul kv import [options] [DATA]",
        description = {
            "Imports a tree stored as JSON to the KV store",
            "",
            "Writes the keys of a \"consul kv export\" document, given inline, as",
            "@path, or on stdin with \"-\"; -prefix puts them under a new prefix.",
            "",
            "    $ consul kv import @vault.json",
            "    $ cat vault.json | consul kv import -prefix=restored -",
            ""
        })
public final class KvImportCommand extends KvSubcommand {

    @Option(names = {"-prefix", "--prefix"}, paramLabel = "<string>",
            description = "Key prefix for imported data.")
    String prefix = "";

    @Override
    public Integer call() {
        String data = readData();
        if (data == null) {
            return 1;
        }
        Optional<KvClient> kv = connect();
        if (kv.isEmpty()) {
            return 1;
        }
        List<ExportJson.Entry> entries;
        try {
            entries = ExportJson.read(data);
        } catch (IllegalArgumentException e) {
            ui.error("Cannot unmarshal data: " + e.getMessage());
            return 1;
        }
        for (ExportJson.Entry entry : entries) {
            byte[] value;
            try {
                value = Base64.getDecoder().decode(entry.value());
            } catch (IllegalArgumentException e) {
                ui.error("Error base 64 decoding value for key " + entry.key() + ": " + e.getMessage());
                return 1;
            }
            String key = joinKey(prefix, entry.key());
            try {
                kv.get().put(key, value, entry.flags());
            } catch (ConsulApiException e) {
                return fail("Error! Failed writing data for key " + key + ": ", e);
            }
            ui.info("Imported: " + key);
        }
        return 0;
    }

    private String readData() {
        if (args.isEmpty()) {
            ui.error("Error! Missing DATA argument");
            return null;
        }
        if (args.size() > 1) {
            ui.error("Error! Too many arguments (expected 1, got " + args.size() + ")");
            return null;
        }
        if (args.get(0).isEmpty()) {
            ui.error("Error! Empty DATA argument");
            return null;
        }
        try {
            return new String(DataSource.load(args.get(0), System.in), StandardCharsets.UTF_8);
        } catch (IOException e) {
            ui.error("Error! " + e.getMessage());
            return null;
        }
    }

    /** Consul 1.20's key: {@code path.Join(prefix, key)}, plus the key's trailing "/" if it had one. */
    static String joinKey(String prefix, String key) {
        String joined;
        if (prefix.isEmpty() && key.isEmpty()) {
            joined = "";
        } else if (prefix.isEmpty()) {
            joined = clean(key);
        } else if (key.isEmpty()) {
            joined = clean(prefix);
        } else {
            joined = clean(prefix + "/" + key);
        }
        return key.endsWith("/") ? joined + "/" : joined;
    }

    /** Go's {@code path.Clean}: collapses slashes, drops "." and resolves "..". */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String body = String.join("/", parts);
        if (rooted) {
            return "/" + body;
        }
        return body.isEmpty() ? "." : body;
    }
}
