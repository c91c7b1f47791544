package io.proconsul.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Consul's data argument ({@code command/helpers.LoadDataSource}): {@code @path} reads a file, a lone
 * {@code -} reads stdin to its end, anything else (including {@code -5}) is the data itself, and an empty
 * argument is empty data. Used by {@code kv put}, {@code kv import} and the catalog commands' {@code -filter}.
 */
public final class DataSource {

    private DataSource() {}

    /**
     * Loads the data an argument names.
     *
     * @throws IOException with Consul's text ("Failed to read file: ...", "Failed to read stdin: ...")
     */
    public static byte[] load(String arg, InputStream stdin) throws IOException {
        if (arg.isEmpty()) {
            return new byte[0];
        }
        if (arg.charAt(0) == '@') {
            return readFile(arg.substring(1));
        }
        if (arg.equals("-")) {
            try {
                return stdin.readAllBytes();
            } catch (IOException e) {
                throw new IOException("Failed to read stdin: " + e.getMessage(), e);
            }
        }
        return arg.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readFile(String file) throws IOException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IOException("Failed to read file: open " + file + ": no such file or directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("Failed to read file: open " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("Failed to read file: " + file + ": " + e.getMessage(), e);
        }
    }
}
