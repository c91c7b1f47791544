package io.proconsul.core.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds an {@link AgentConfig} from its sources in Consul's order: built-in defaults, the {@code -dev}
 * defaults when dev mode is on, list-valued flags, the config files in the order given (a directory's
 * {@code .json} and {@code .hcl} files alphabetically), every other flag, then {@code -hcl} fragments.
 * Later scalars replace earlier ones, lists are appended, maps merged key by key (Consul's merge.go). The
 * result is validated as Consul validates at start-up, except checks that need the data dir to exist; the
 * node ID is resolved separately by {@link NodeIdentity} when the agent starts.
 *
 * <p>Usage: {@code new ConfigLoader().devMode(dev).configPaths(paths).flags(flags).load()}. One instance
 * per load; not thread-safe.
 */
public final class ConfigLoader {

    private boolean devMode;
    private List<String> configPaths = List.of();
    private String configFormat = "";
    private FlagSource flags = new FlagSource();
    private Supplier<String> hostname = ConfigLoader::systemHostname;
    private Supplier<List<InetAddress>> interfaceAddresses = ConfigLoader::systemAddresses;

    /** {@code -dev}: merges the dev defaults after the built-in ones and allows an empty data dir. */
    public ConfigLoader devMode(boolean dev) {
        this.devMode = dev;
        return this;
    }

    /** The {@code -config-file} and {@code -config-dir} paths, in command-line order. */
    public ConfigLoader configPaths(List<String> paths) {
        this.configPaths = List.copyOf(paths);
        return this;
    }

    /** {@code -config-format}: "" or null to go by file extension, else "json" or "hcl". */
    public ConfigLoader configFormat(String format) {
        this.configFormat = format == null ? "" : format;
        return this;
    }

    /** The values given as flags. */
    public ConfigLoader flags(FlagSource source) {
        this.flags = source;
        return this;
    }

    /** Where the default node name comes from; tests pass a fixed one. */
    public ConfigLoader hostname(Supplier<String> source) {
        this.hostname = source;
        return this;
    }

    /** The host's addresses, searched for one to advertise when bound to "any"; tests pass fixed ones. */
    public ConfigLoader interfaceAddresses(Supplier<List<InetAddress>> source) {
        this.interfaceAddresses = source;
        return this;
    }

    /** Reads, merges and validates every source. */
    public LoadedConfig load() throws ConfigException {
        if (!configFormat.isEmpty() && !configFormat.equals("json") && !configFormat.equals("hcl")) {
            throw new ConfigException("config: -config-format must be either 'hcl' or 'json'");
        }
        List<String> warnings = new ArrayList<>(flags.warnings());
        ConfigFragment flagValues = SourceDecoder.decode(FlagSource.NAME, flags.tree(), warnings);
        MergedConfig merged = new MergedConfig();
        merged.merge(DefaultSources.defaults());
        if (devMode) {
            merged.merge(DefaultSources.dev());
        }
        merged.merge(flagValues.onlyLists());
        for (ConfigFragment f : ConfigFiles.read(configPaths, configFormat, warnings)) {
            merged.merge(f);
        }
        merged.merge(flagValues.withoutLists());
        List<String> fragments = flags.hclFragments();
        for (int i = 0; i < fragments.size(); i++) {
            String name = "flags-" + i + ".hcl";
            merged.merge(SourceDecoder.decode(name, ConfigFiles.parse(name, "hcl", fragments.get(i)), warnings));
        }
        AgentConfig config = new AgentConfigBuilder(merged, devMode, hostname, interfaceAddresses, warnings).build();
        return new LoadedConfig(config, warnings);
    }

    /** Go's {@code os.Hostname} on Linux reads the kernel's name; no DNS lookup is involved. */
    private static String systemHostname() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                return Files.readString(proc).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<InetAddress> systemAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp()) {
                    out.addAll(Collections.list(nif.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }
}
