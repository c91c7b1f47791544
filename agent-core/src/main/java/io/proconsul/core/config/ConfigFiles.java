package io.proconsul.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code -config-file} and {@code -config-dir} paths as Consul's {@code sourcesFromPath} does: a
 * file is read whatever its name if {@code -config-format} is set, else it must end in {@code .json} or
 * {@code .hcl}; a directory contributes its files (not sub-directories, symlinks followed) sorted by name,
 * skipping other extensions with a warning. Empty files are skipped.
 */
final class ConfigFiles {

    private ConfigFiles() {}

    /** Reads and decodes every path in order; {@code format} is "", "json" or "hcl". */
    static List<ConfigFragment> read(List<String> paths, String format, List<String> warnings)
            throws ConfigException {
        List<ConfigFragment> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new ConfigException("config: Open failed on " + p + ". open " + p
                        + ": no such file or directory");
            }
            if (!Files.isDirectory(path)) {
                if (!shouldParse(p, format)) {
                    throw new ConfigException("file " + p
                            + " has unknown extension; must be .hcl or .json, or config format must be set");
                }
                readFile(path, p, format, warnings, out);
                continue;
            }
            for (Path f : sortedEntries(path)) {
                Path real = Files.isSymbolicLink(f) ? resolve(f) : f;
                if (Files.isDirectory(real)) {
                    continue;
                }
                if (!shouldParse(f.toString(), format)) {
                    warnings.add("skipping file " + real
                            + ", extension must be .hcl or .json, or config format must be set");
                    continue;
                }
                readFile(real, real.toString(), format, warnings, out);
            }
        }
        return out;
    }

    private static void readFile(Path path, String name, String format, List<String> warnings,
            List<ConfigFragment> out) throws ConfigException {
        String data;
        try {
            data = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config: failed to read " + name + ": " + e.getMessage(), e);
        }
        if (data.isEmpty()) {
            return;
        }
        String fmt = format.isEmpty() ? formatOf(name) : format;
        out.add(SourceDecoder.decode(name, parse(name, fmt, data), warnings));
    }

    /**
     * Parses one source's text in the given format ("json" or "hcl"). Like HCL1's decoder, HCL text that
     * starts with a brace is read as JSON.
     */
    static Map<String, Object> parse(String name, String format, String data) throws ConfigException {
        boolean json = format.equals("json") || data.stripLeading().startsWith("{");
        try {
            return json ? JsonSourceParser.parse(data) : HclParser.parse(data);
        } catch (HclParser.SyntaxError | IllegalArgumentException e) {
            throw new ConfigException("failed to parse " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> sortedEntries(Path dir) throws ConfigException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            throw new ConfigException("config: Readdir failed on " + dir + ". " + e.getMessage(), e);
        }
        // Go sorts names byte-wise; String order matches it for ASCII names.
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return entries;
    }

    private static Path resolve(Path link) throws ConfigException {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ConfigException("lstat " + e.getFile() + ": no such file or directory", e);
        } catch (IOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static boolean shouldParse(String name, String format) {
        return !format.isEmpty() || !formatOf(name).isEmpty();
    }

    private static String formatOf(String name) {
        if (name.endsWith(".json")) {
            return "json";
        }
        return name.endsWith(".hcl") ? "hcl" : "";
    }
}
