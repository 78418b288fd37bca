package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The committed position of {@code source-file}: a small JSON file ({@code {"path":…,"offset":…,"file_key":…}})
 * replaced atomically (temp file, fsync, rename), so a crash leaves either the old or the new offset, never a torn
 * one.
 */
final class OffsetStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param path    the input file the offset belongs to
     * @param offset  byte position right after the last acknowledged line
     * @param fileKey the file's identity (inode) when the offset was taken, null if the platform has none
     */
    record Stored(String path, long offset, String fileKey) {
    }

    private final Path file;

    OffsetStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * @return the stored offset, empty when nothing was committed yet
     * @throws ConfigurationException when the file exists but cannot be read or parsed
     */
    Optional<Stored> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || !node.path("offset").canConvertToLong() || node.path("offset").asLong() < 0) {
                throw new ConfigurationException("file.offset_file: " + file
                        + " holds no valid \"offset\"; fix or delete it to start from start_from");
            }
            JsonNode key = node.get("file_key");
            return Optional.of(new Stored(node.path("path").asText(""), node.get("offset").asLong(),
                    key == null || key.isNull() ? null : key.asText()));
        } catch (IOException e) {
            throw new ConfigurationException("file.offset_file: cannot read " + file + ": " + e.getMessage()
                    + "; fix or delete it to start from start_from", e);
        }
    }

    /** Writes the offset durably, replacing the previous one in one step. */
    void save(Stored stored) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("path", stored.path());
        node.put("offset", stored.offset());
        node.put("file_key", stored.fileKey());
        byte[] bytes = MAPPER.writeValueAsBytes(node);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
