package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SubscriptionType;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code [file]} table of {@code sink-file}, validated.
 *
 * @param path             {@code path}: the file to append to (required; created with its directories)
 * @param topic            {@code topic}: {@code /namespace/topic} to consume (required)
 * @param subscription     {@code subscription}: subscription name (required)
 * @param subscriptionType {@code subscription_type}: {@code Exclusive}, {@code Shared} (default), {@code FailOver},
 *                         {@code KeyShared}
 * @param consumerName     {@code consumer_name}: default {@code connector_name}; the runtime appends the instance id
 *                         for Shared and KeyShared subscriptions
 * @param format           {@code format}: {@code text} (default) or {@code json}
 * @param partitions       {@code partitions}: partitions to create the topic with when it does not exist (default 0)
 * @param reliableDispatch {@code reliable_dispatch}: dispatch strategy to create (and expect) the topic with
 *                         (default true); must match the source's
 */
public record FileSinkSettings(Path path, String topic, String subscription, SubscriptionType subscriptionType,
                               String consumerName, FileFormat format, int partitions, boolean reliableDispatch) {

    static final String TABLE = "file";
    static final Set<String> KEYS = Set.of("path", "topic", "subscription", "subscription_type", "consumer_name",
            "format", "partitions", "reliable_dispatch");

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(String path, String topic, String subscription, String subscriptionType, String consumerName,
               String format, Integer partitions, Boolean reliableDispatch) {
    }

    /**
     * Reads and validates {@code [file]}.
     *
     * @throws ConfigurationException naming the key and the reason
     */
    public static FileSinkSettings from(ConnectorConfig config) {
        Raw raw = config.bind(TABLE, Raw.class);
        ConfigKeys.checkKnown(config, TABLE, KEYS);
        Path path = Path.of(ConfigKeys.required(raw.path(), "file.path"));
        String topic = ConfigKeys.topic(raw.topic(), "file.topic");
        String subscription = ConfigKeys.required(raw.subscription(), "file.subscription");
        SubscriptionType type = ConfigKeys.subscriptionType(raw.subscriptionType(), "file.subscription_type",
                SubscriptionType.SHARED);
        String consumerName = raw.consumerName() == null || raw.consumerName().isBlank()
                ? config.connectorName() : raw.consumerName().trim();
        FileFormat format = FileFormat.parse("file.format", raw.format());
        int partitions = raw.partitions() == null ? 0 : raw.partitions();
        if (partitions < 0) {
            throw new ConfigurationException("file.partitions: must be >= 0 (got " + partitions + ")");
        }
        boolean reliable = raw.reliableDispatch() == null || raw.reliableDispatch();
        return new FileSinkSettings(path, topic, subscription, type, consumerName, format, partitions, reliable);
    }
}
