package io.proconsul.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.UUID;

/**
 * Resolves the node ID as Consul's {@code setupNodeID} does: a configured {@code node_id} wins (checked,
 * lower-cased); otherwise the ID kept in {@code <data_dir>/node-id} (checked too, since an operator may
 * have edited it); otherwise a new random UUID, written there with mode 0600 so that the node keeps its
 * identity across restarts. Without a data dir (dev mode) the ID is random for this run only.
 *
 * <p>Not thread-safe against a second agent on the same data dir; the data dir belongs to one agent.
 */
public final class NodeIdentity {

    /** The file inside the data dir, as Consul names it. */
    public static final String FILE_NAME = "node-id";

    private NodeIdentity() {}

    /** Returns {@code config} with its node ID resolved, creating the data dir's node-id file if needed. */
    public static AgentConfig apply(AgentConfig config) throws ConfigException {
        return config.withNodeId(resolve(config));
    }

    /** Resolves the node ID for {@code config}; see the class comment for the order. */
    public static String resolve(AgentConfig config) throws ConfigException {
        if (!config.nodeId().isEmpty()) {
            String id = config.nodeId().strip().toLowerCase(Locale.ROOT);
            String problem = uuidProblem(id);
            if (problem != null) {
                throw new ConfigException("node_id: " + problem);
            }
            return id;
        }
        if (config.dataDir().isEmpty()) {
            return UUID.randomUUID().toString();
        }
        Path file = Path.of(config.dataDir(), FILE_NAME);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
                String problem = uuidProblem(id);
                if (problem != null) {
                    throw new ConfigException(file + ": " + problem);
                }
                return id;
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(file.getParent());
            write(file, id);
            return id;
        } catch (IOException e) {
            throw new ConfigException("failed to set up node ID in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String id) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, id, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Why {@code id} is not a UUID in the form Consul's {@code uuid.ParseUUID} accepts, in its words, or
     * null when it is one.
     */
    static String uuidProblem(String id) {
        if (id.length() != 36) {
            return "uuid string is wrong length";
        }
        for (int i = 0; i < 36; i++) {
            char ch = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean ok = dash ? ch == '-' : "0123456789abcdefABCDEF".indexOf(ch) >= 0;
            if (!ok) {
                return "uuid is improperly formatted";
            }
        }
        return null;
    }
}
