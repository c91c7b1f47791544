package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.command.DataSource;
import io.proconsul.cli.command.HttpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul kv put [options] KEY [DATA]}: writes a value given inline, from {@code @file}, or from stdin
 * ({@code -}); with {@code -cas} only if the key's ModifyIndex matches (0: only if the key does not exist),
 * with {@code -acquire}/{@code -release} as a lock operation for {@code -session}. Prints "Success! Data
 * written to: KEY" and exits 0, or prints Consul's error and exits 1.
 */
@Command(
        name = "put",
        customSynopsis = "consul kv put [options] KEY [DATA]",
        description = {
            "Sets or updates data in the KV store",
            "",
            "Writes DATA at KEY. DATA may be given inline, read from a file with",
            "@path, or from stdin with \"-\"; without DATA an empty value is written.",
            "Options come before KEY.",
            "",
            "    $ consul kv put config/redis/maxconns 5",
            "    $ consul kv put config/program/license @license.lic",
            "    $ consul kv put -cas -modify-index=844 config/redis/maxconns 5",
            ""
        })
public final class KvPutCommand extends KvSubcommand {

    @Option(names = {"-cas", "--cas"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Perform a Check-And-Set operation, with -modify-index. The default value is false.")
    boolean cas;

    @Option(names = {"-flags", "--flags"}, paramLabel = "<uint>", converter = UnsignedLongConverter.class,
            description = "Unsigned integer value to assign to this key-value pair. The default value is 0.")
    long flags;

    @Option(names = {"-base64", "--base64"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Treat the data as base 64 encoded. The default value is false.")
    boolean base64;

    @Option(names = {"-modify-index", "--modify-index"}, paramLabel = "<uint>",
            converter = UnsignedLongConverter.class,
            description = "Unsigned integer representing the ModifyIndex of the key, used with -cas.")
    long modifyIndex;

    @Option(names = {"-session", "--session"}, paramLabel = "<string>",
            description = "Session ID, required with -acquire and -release. The default value is empty.")
    String session = "";

    @Option(names = {"-acquire", "--acquire"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Obtain a lock on the key for -session, creating the key if needed. Default false.")
    boolean acquire;

    @Option(names = {"-release", "--release"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Forfeit the lock on the key held by -session. The default value is false.")
    boolean release;

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            ui.error("Error! Missing KEY argument");
            return 1;
        }
        if (args.size() > 2) {
            ui.error("Error! Too many arguments (expected 1 or 2, got " + args.size() + ")");
            return 1;
        }
        String key = args.get(0);
        byte[] data = readData();
        if (data == null) {
            return 1;
        }
        if ((release || acquire) && session.isEmpty()) {
            ui.error("Error! Missing -session (required with -acquire and -release)");
            return 1;
        }
        Optional<KvClient> kv = connect();
        return kv.isEmpty() ? 1 : write(kv.get(), key, data);
    }

    /** The value to write, or null after printing why it could not be read or decoded. */
    private byte[] readData() {
        byte[] data;
        try {
            data = args.size() < 2 ? new byte[0] : DataSource.load(args.get(1), System.in);
        } catch (IOException e) {
            ui.error("Error! " + e.getMessage());
            return null;
        }
        if (!base64) {
            return data;
        }
        try {
            // Go's decoder skips line breaks, so "echo YmFy | kv put -base64 k -" works.
            String text = new String(data, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "");
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // Consul prints this and then writes whatever it decoded; stopping is the safer reading of intent.
            ui.error("Error! Cannot base 64 decode data: " + e.getMessage());
            return null;
        }
    }

    private int write(KvClient kv, String key, byte[] data) {
        if (cas) {
            try {
                if (kv.cas(key, data, flags, modifyIndex)) {
                    ui.info("Success! Data written to: " + key);
                    return 0;
                }
                ui.error("Error! Did not write to " + key + (modifyIndex == 0
                        ? ": CAS performed with index=0 and key already exists."
                        : ": CAS failed"));
                return 1;
            } catch (ConsulApiException e) {
                return fail("Error! Did not write to " + key + ": ", e);
            }
        }
        try {
            if (acquire) {
                return lockResult(kv.acquire(key, data, flags, session), "Lock acquired on: ", "acquire", key);
            }
            if (release) {
                return lockResult(kv.release(key, data, flags, session), "Lock released on: ", "release", key);
            }
            kv.put(key, data, flags);
            ui.info("Success! Data written to: " + key);
            return 0;
        } catch (ConsulApiException e) {
            // Consul's release path prints the key instead of the error; the error is more useful.
            return fail("Error! Failed writing data: ", e);
        }
    }

    private int lockResult(boolean ok, String success, String verb, String key) {
        if (ok) {
            ui.info("Success! " + success + key);
            return 0;
        }
        ui.error("Error! Did not " + verb + " lock");
        return 1;
    }
}
