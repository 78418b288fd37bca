package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-file}: appends every message of one topic to a file, one line each ({@code format = "text"} or
 * {@code "json"}, see {@link SinkLineEncoder}). A batch is written and fsynced ({@link FileChannel#force}) before
 * {@link #processBatch} returns, so the runtime acknowledges only what is on disk. A failed write is undone (the
 * file is cut back to its size before the batch) and reported as retryable; the runtime retries the batch.
 */
public final class FileSink implements SinkConnector {
    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

    private FileSinkSettings settings;
    private SinkLineEncoder encoder;
    private FileChannel channel;

    @Override
    public void initialize(ConnectorConfig config) {
        settings = FileSinkSettings.from(config);
        encoder = new SinkLineEncoder(settings.format());
        try {
            channel = open(settings.path());
        } catch (IOException e) {
            throw new ConfigurationException("file.path: cannot open " + settings.path() + " for appending: "
                    + e.getMessage(), e);
        }
        LOG.info("sink-file: appending {} messages of {} to {}", settings.format().name().toLowerCase(),
                settings.topic(), settings.path());
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        return List.of(ConsumerConfig.of(settings.topic(), settings.consumerName(), settings.subscription(),
                settings.subscriptionType()).withTopicLayout(settings.partitions(), settings.reliableDispatch()));
    }

    @Override
    public void processBatch(List<SinkRecord> records) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(records.size() * 64);
        for (SinkRecord record : records) {
            batch.writeBytes(encoder.encode(record));
        }
        long sizeBefore = -1;
        try {
            reopenIfRemoved();
            sizeBefore = channel.size();
            ByteBuffer buffer = ByteBuffer.wrap(batch.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            undo(sizeBefore);
            throw new RetryableException("cannot append " + records.size() + " message(s) to " + settings.path()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void healthCheck() {
        Path directory = settings.path().toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new RetryableException("directory " + directory + " of file.path is gone");
        }
    }

    @Override
    public void shutdown() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            LOG.warn("sink-file: closing {} failed: {}", settings.path(), e.toString());
        }
    }

    /**
     * Writing to a file someone deleted would go to an unlinked inode and be lost without an error, so a missing
     * file is created again.
     */
    private void reopenIfRemoved() throws IOException {
        if (channel.isOpen() && Files.exists(settings.path())) {
            return;
        }
        LOG.warn("sink-file: {} was removed; creating it again", settings.path());
        try {
            channel.close();
        } catch (IOException ignored) {
            // the old handle is useless either way
        }
        channel = open(settings.path());
    }

    /** Cuts a partly written batch off, so the retry does not leave half a batch twice. */
    private void undo(long sizeBefore) {
        if (sizeBefore < 0 || !channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(sizeBefore);
        } catch (IOException e) {
            LOG.warn("sink-file: could not cut {} back to {} bytes after a failed write: {}", settings.path(),
                    sizeBefore, e.toString());
        }
    }

    private static FileChannel open(Path path) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }
}
