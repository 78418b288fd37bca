package com.danubemessaging.connect.connectors.postgrescdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offset store for this connector: a JSON file written atomically (temporary file, fsync, rename) each
 * time offsets are flushed. Offsets reach it only through the engine's {@code RecordCommitter}, which the connector
 * calls for records Danube acknowledged, so the file (and the LSN Debezium confirms to PostgreSQL from it) never runs
 * ahead of Danube. The entries are the engine's own JSON key and value, readable with {@code cat}.
 */
public final class DurableOffsetStore extends MemoryOffsetBackingStore {
    static final String FILE_PROPERTY = "offset.storage.file.filename";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path file;

    /** Debezium creates the store by reflection with this constructor. */
    public DurableOffsetStore() {
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        String name = config.originalsStrings().get(FILE_PROPERTY);
        if (name == null || name.isBlank()) {
            throw new ConnectException(FILE_PROPERTY + " is not set");
        }
        file = Path.of(name);
    }

    @Override
    public synchronized void start() {
        super.start();
        data = new HashMap<>(read(file));
    }

    @Override
    protected void save() {
        write(file, data);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    /** The stored entries (engine key JSON to offset JSON); empty when the file does not exist. */
    static Map<ByteBuffer, ByteBuffer> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
            for (JsonNode entry : root.path("offsets")) {
                entries.put(utf8(entry.path("key").asText()), utf8(entry.path("value").asText()));
            }
            return entries;
        } catch (IOException e) {
            throw new ConnectException("cannot read offset file " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(Path file, Map<ByteBuffer, ByteBuffer> entries) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode offsets = root.putArray("offsets");
        entries.forEach((k, v) -> {
            if (k != null && v != null) {
                offsets.addObject().put("key", text(k)).put("value", text(v));
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write offset file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
