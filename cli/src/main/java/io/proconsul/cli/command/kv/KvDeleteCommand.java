package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.command.HttpOptions;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul kv delete [options] KEY_OR_PREFIX}: deletes one key (a missing key is not an error), one key
 * only if its ModifyIndex matches ({@code -cas -modify-index=N}), or every key under a prefix ({@code
 * -recurse}; with no prefix, the whole store).
 */
@Command(
        name = "delete",
        customSynopsis = "consul kv delete [options] KEY_OR_PREFIX",
        description = {
            "Removes data from the KV store",
            "",
            "Deletes KEY; deleting a key that does not exist succeeds. -recurse",
            "deletes every key that starts with the prefix.",
            "",
            "    $ consul kv delete foo",
            "    $ consul kv delete -recurse foo",
            ""
        })
public final class KvDeleteCommand extends KvSubcommand {

    @Option(names = {"-cas", "--cas"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Perform a Check-And-Set operation, with -modify-index. The default value is false.")
    boolean cas;

    @Option(names = {"-modify-index", "--modify-index"}, paramLabel = "<uint>",
            converter = UnsignedLongConverter.class,
            description = "Unsigned integer representing the ModifyIndex of the key, used with -cas.")
    long modifyIndex;

    @Option(names = {"-recurse", "--recurse"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Recursively delete all keys with the path. The default value is false.")
    boolean recurse;

    @Override
    public Integer call() {
        String key = optionalKey();
        if (key == null || !valid(key)) {
            return 1;
        }
        Optional<KvClient> kv = connect();
        if (kv.isEmpty()) {
            return 1;
        }
        if (recurse) {
            return deleteTree(kv.get(), key);
        }
        return cas ? deleteCas(kv.get(), key) : deleteOne(kv.get(), key);
    }

    private int deleteTree(KvClient kv, String prefix) {
        try {
            kv.deleteTree(prefix);
            ui.info("Success! Deleted keys with prefix: " + prefix);
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error! Did not delete prefix " + prefix + ": ", e);
        }
    }

    private int deleteCas(KvClient kv, String key) {
        try {
            if (!kv.deleteCas(key, modifyIndex)) {
                ui.error("Error! Did not delete key " + key + ": CAS failed");
                return 1;
            }
            ui.info("Success! Deleted key: " + key);
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error! Did not delete key " + key + ": ", e);
        }
    }

    private int deleteOne(KvClient kv, String key) {
        try {
            kv.delete(key);
            ui.info("Success! Deleted key: " + key);
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error deleting key " + key + ": ", e);
        }
    }

    /** Consul's checks, in Consul's order and words. */
    private boolean valid(String key) {
        if (key.isEmpty() && !recurse) {
            ui.error("Error! Missing KEY argument");
            return false;
        }
        if (cas && modifyIndex == 0) {
            ui.error("Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.");
            return false;
        }
        if (modifyIndex != 0 && !cas) {
            ui.error("Cannot specify -modify-index without -cas!");
            return false;
        }
        if (recurse && cas) {
            ui.error("Cannot specify both -cas and -recurse!");
            return false;
        }
        return true;
    }
}
