package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source-file}: publishes each complete line of a file (like {@code tail -F}) to one Danube topic, as a string
 * record ({@code format = "text"}) or a parsed JSON document ({@code format = "json"}).
 *
 * <p>Every record carries an {@link Offset} whose partition is the file path and whose value is the byte position
 * after its line. The runtime calls {@link #commit} only after the broker acknowledged the records, and the offset
 * is then written to {@code offset_file}; a restart resumes right after the last acknowledged line (at least once,
 * nothing lost). A file that shrank (truncated) or was replaced by a new file (rotated: other inode) is read again
 * from its start.
 */
public final class FileSource implements SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FileSourceSettings settings;
    private String partition;
    private int batchSize;
    private OffsetStore offsets;
    /** Byte position of the next line to read (ahead of the committed one while records are in flight). */
    private long position;
    /** The identity of the file {@link #position} belongs to; null while the file is missing or unknowable. */
    private String fileKey;
    private OffsetStore.Stored lastSaved;
    private boolean missingLogged;

    @Override
    public void initialize(ConnectorConfig config) {
        settings = FileSourceSettings.from(config);
        batchSize = config.processing().batchSize();
        partition = settings.path().toString();
        Path directory = directoryOf(settings.path());
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException("file.path: directory " + directory + " does not exist");
        }
        offsets = new OffsetStore(settings.offsetFile());
        Optional<OffsetStore.Stored> stored = offsets.load();
        FileState state = FileState.of(settings.path());
        fileKey = state.key();
        if (stored.isPresent()) {
            position = resumePosition(stored.get(), state);
            lastSaved = stored.get();
        } else if (settings.startFrom() == StartPosition.END) {
            position = state.size();
            LOG.info("source-file: no committed offset in {}; start_from = end, skipping the {} bytes already in {}",
                    settings.offsetFile(), position, settings.path());
        } else {
            position = 0;
            LOG.info("source-file: no committed offset in {}; reading {} from the beginning", settings.offsetFile(),
                    settings.path());
        }
    }

    private long resumePosition(OffsetStore.Stored stored, FileState state) {
        if (!stored.path().isEmpty() && !stored.path().equals(partition)) {
            LOG.warn("source-file: {} holds the offset of another file ({}), ignoring it and reading {} from the"
                    + " beginning", settings.offsetFile(), stored.path(), partition);
            return 0;
        }
        if (stored.fileKey() != null && state.key() != null && !stored.fileKey().equals(state.key())) {
            LOG.warn("source-file: {} was replaced since offset {} was committed (rotated); reading the new file from"
                    + " the beginning", partition, stored.offset());
            return 0;
        }
        if (state.exists() && state.size() < stored.offset()) {
            LOG.warn("source-file: {} is shorter ({} bytes) than the committed offset {} (truncated); reading from"
                    + " the beginning", partition, state.size(), stored.offset());
            return 0;
        }
        LOG.info("source-file: resuming {} at committed byte offset {}", partition, stored.offset());
        return stored.offset();
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return List.of(ProducerConfig.of(settings.topic(), settings.partitions(), settings.reliableDispatch()));
    }

    @Override
    public List<SourceRecord> poll() {
        FileState state = FileState.of(settings.path());
        if (!state.exists()) {
            if (!missingLogged) {
                LOG.warn("source-file: {} does not exist (yet); waiting for it", partition);
                missingLogged = true;
            }
            return List.of();
        }
        missingLogged = false;
        followRotationOrTruncation(state);
        if (state.size() <= position) {
            return List.of();
        }
        List<LineReader.Line> lines;
        try {
            lines = LineReader.read(settings.path(), position, batchSize);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new RetryableException("cannot read " + partition + ": " + e.getMessage(), e);
        }
        return toRecords(lines);
    }

    private void followRotationOrTruncation(FileState state) {
        if (fileKey != null && state.key() != null && !fileKey.equals(state.key())) {
            LOG.warn("source-file: {} was replaced by a new file (rotated); reading it from the beginning", partition);
            position = 0;
        } else if (state.size() < position) {
            LOG.warn("source-file: {} shrank from at least {} to {} bytes (truncated); reading from the beginning",
                    partition, position, state.size());
            position = 0;
        }
        fileKey = state.key();
    }

    /**
     * Lines become records up to the first bad JSON line. A bad line first in the batch is skipped (position moves
     * past it) and reported as {@link InvalidDataException}, so the runtime counts or dead-letters it; otherwise the
     * good records before it are returned and the bad line comes first in the next poll.
     */
    private List<SourceRecord> toRecords(List<LineReader.Line> lines) {
        List<SourceRecord> records = new ArrayList<>(lines.size());
        for (LineReader.Line line : lines) {
            SourceRecord record;
            try {
                record = toRecord(line);
            } catch (InvalidDataException e) {
                if (!records.isEmpty()) {
                    return records;
                }
                position = line.end();
                throw e;
            }
            position = line.end();
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** The record of one line, or null for a blank line in JSON format (nothing to send). */
    private SourceRecord toRecord(LineReader.Line line) {
        Offset offset = Offset.of(partition, line.end(), fileKey);
        if (settings.format() == FileFormat.TEXT) {
            return SourceRecord.ofString(settings.topic(), new String(line.bytes(), StandardCharsets.UTF_8))
                    .withOffset(offset);
        }
        if (isBlank(line.bytes())) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line.bytes());
            return SourceRecord.of(settings.topic(), node).withOffset(offset);
        } catch (JsonProcessingException e) {
            throw new InvalidDataException("line at byte " + line.start() + " of " + partition + " is not JSON: "
                    + e.getOriginalMessage(), line.bytes(), e);
        } catch (IOException e) {
            throw new InvalidDataException("line at byte " + line.start() + " of " + partition + " cannot be read"
                    + " as JSON: " + e.getMessage(), line.bytes(), e);
        }
    }

    @Override
    public void commit(List<Offset> committed) {
        Offset last = null;
        for (Offset o : committed) {
            if (partition.equals(o.partition())) {
                last = o;
            }
        }
        if (last == null) {
            return;
        }
        OffsetStore.Stored next = new OffsetStore.Stored(partition, last.value(), last.metadata());
        if (next.equals(lastSaved)) {
            return;
        }
        try {
            offsets.save(next);
            lastSaved = next;
        } catch (IOException e) {
            // the records are in Danube; an unsaved offset only means they may be sent again after a restart
            throw new RetryableException("cannot write offset file " + offsets.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void healthCheck() {
        Path directory = directoryOf(settings.path());
        if (!Files.isDirectory(directory)) {
            throw new RetryableException("directory " + directory + " of file.path is gone");
        }
    }

    /** The byte position of the next line to read; for tests and logs. */
    long position() {
        return position;
    }

    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return Objects.requireNonNullElse(parent, file.toAbsolutePath().getRoot());
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Size and identity of the file at one moment. */
    private record FileState(boolean exists, long size, String key) {
        static FileState of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                Object key = attributes.fileKey();
                return new FileState(true, attributes.size(), key == null ? null : key.toString());
            } catch (IOException e) {
                return new FileState(false, 0, null);
            }
        }
    }
}
