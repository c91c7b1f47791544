package io.proconsul.core.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.proconsul.core.GoDuration;
import io.proconsul.core.catalog.HealthCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API-registered services and checks kept in the data dir, as Consul keeps them: one JSON file per
 * entry under {@code <data_dir>/services} and {@code <data_dir>/checks}, named by a hash of the ID (an
 * ID may hold any character). Unlike Consul (hashicorp/consul#3569) a TTL check's file also holds its
 * last reported state, so a restart does not reset it to the initial status.
 *
 * <p>Every write goes to a temporary file that is then moved over the old one, so a crash leaves either
 * the old or the new content, never a torn file. A file that cannot be read at start is logged and
 * skipped, as Consul does. Not thread-safe: {@link LocalAgent} calls it under its lock.
 */
final class LocalFiles {

    private static final Logger log = LoggerFactory.getLogger(LocalFiles.class);

    /** A persisted service; its checks are files of their own. */
    record PersistedService(@JsonProperty("Service") ServiceDefinition service) {}

    /** A persisted check: its state and, unless it is a maintenance check, its definition. */
    record PersistedCheck(
            @JsonProperty("Check") HealthCheck check, @JsonProperty("Definition") CheckDefinition definition) {}

    private final Path servicesDir;
    private final Path checksDir;
    private final ObjectMapper json;

    LocalFiles(Path dataDir) {
        this.servicesDir = dataDir.resolve("services");
        this.checksDir = dataDir.resolve("checks");
        this.json = mapper();
    }

    void saveService(ServiceDefinition service) {
        write(servicesDir, service.effectiveId(), new PersistedService(service));
    }

    void deleteService(String id) {
        delete(servicesDir, id);
    }

    void saveCheck(LocalCheck check) {
        write(checksDir, check.id(), new PersistedCheck(check.check(), check.definition()));
    }

    void deleteCheck(String id) {
        delete(checksDir, id);
    }

    List<ServiceDefinition> loadServices() {
        List<ServiceDefinition> out = new ArrayList<>();
        for (Path p : files(servicesDir)) {
            PersistedService s = read(p, PersistedService.class);
            if (s != null && s.service() != null) {
                out.add(s.service());
            }
        }
        return out;
    }

    List<PersistedCheck> loadChecks() {
        List<PersistedCheck> out = new ArrayList<>();
        for (Path p : files(checksDir)) {
            PersistedCheck c = read(p, PersistedCheck.class);
            if (c != null && c.check() != null) {
                out.add(c);
            }
        }
        return out;
    }

    private void write(Path dir, String id, Object value) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(fileName(id));
            Path tmp = dir.resolve(fileName(id) + ".tmp");
            Files.write(tmp, json.writeValueAsBytes(value));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed persisting " + id + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir, String id) {
        try {
            Files.deleteIfExists(dir.resolve(fileName(id)));
        } catch (IOException e) {
            throw new UncheckedIOException("failed removing persisted " + id + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> !p.toString().endsWith(".tmp")
                && Files.isRegularFile(p))) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("failed listing " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private <T> T read(Path p, Class<T> type) {
        try {
            return json.readValue(Files.readString(p, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            log.warn("skipping unreadable persisted definition {}: {}", p, e.getMessage());
            return null;
        }
    }

    /** Consul names these files by an MD5 of the ID; a SHA-256 serves the same purpose. */
    static String fileName(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule("go-durations")
                .addSerializer(Duration.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeString(GoDuration.format(d));
                    }
                })
                .addDeserializer(Duration.class, new JsonDeserializer<>() {
                    @Override
                    public Duration deserialize(JsonParser parser, DeserializationContext c) throws IOException {
                        return GoDuration.parse(parser.getValueAsString());
                    }
                });
        return new ObjectMapper()
                .registerModule(durations)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
