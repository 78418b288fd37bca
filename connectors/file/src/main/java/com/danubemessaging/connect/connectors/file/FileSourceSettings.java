package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code [file]} table of {@code source-file}, validated.
 *
 * @param path             {@code path}: the file to read (required)
 * @param topic            {@code topic}: {@code /namespace/topic} to publish to (required)
 * @param partitions       {@code partitions}: topic partitions, 0 = not partitioned
 * @param reliableDispatch {@code reliable_dispatch}: broker stores the messages before dispatch (default true)
 * @param format           {@code format}: {@code text} (default) or {@code json}
 * @param startFrom        {@code start_from}: {@code beginning} (default) or {@code end}, used without a committed offset
 * @param offsetFile       {@code offset_file}: where the committed byte offset lives (default {@code <path>.offset})
 */
public record FileSourceSettings(Path path, String topic, int partitions, boolean reliableDispatch, FileFormat format,
                                 StartPosition startFrom, Path offsetFile) {

    static final String TABLE = "file";
    static final Set<String> KEYS = Set.of("path", "topic", "partitions", "reliable_dispatch", "format", "start_from",
            "offset_file");

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(String path, String topic, Integer partitions, Boolean reliableDispatch, String format,
               String startFrom, String offsetFile) {
    }

    /**
     * Reads and validates {@code [file]}.
     *
     * @throws ConfigurationException naming the key and the reason
     */
    public static FileSourceSettings from(ConnectorConfig config) {
        Raw raw = config.bind(TABLE, Raw.class);
        ConfigKeys.checkKnown(config, TABLE, KEYS);
        Path path = Path.of(ConfigKeys.required(raw.path(), "file.path"));
        String topic = ConfigKeys.topic(raw.topic(), "file.topic");
        int partitions = raw.partitions() == null ? 0 : raw.partitions();
        if (partitions < 0) {
            throw new ConfigurationException("file.partitions: must be >= 0 (got " + partitions + ")");
        }
        boolean reliable = raw.reliableDispatch() == null || raw.reliableDispatch();
        FileFormat format = FileFormat.parse("file.format", raw.format());
        StartPosition start = StartPosition.parse("file.start_from", raw.startFrom());
        Path offsetFile = raw.offsetFile() == null || raw.offsetFile().isBlank()
                ? Path.of(path + ".offset") : Path.of(raw.offsetFile().trim());
        if (offsetFile.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
            throw new ConfigurationException("file.offset_file: must not be the input file itself (" + path + ")");
        }
        return new FileSourceSettings(path, topic, partitions, reliable, format, start, offsetFile);
    }
}
