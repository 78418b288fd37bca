package com.danubemessaging.connect.runtime.schema;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SchemaInfo;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schemas of received messages, fetched once per (schema id, version) and kept: a schema version never changes.
 */
public final class SinkSchemaCache {
    private record Key(long schemaId, int version) {
    }

    private final SchemaRegistryClient registry;
    private final Map<Key, SchemaInfo> cache = new ConcurrentHashMap<>();

    public SinkSchemaCache(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * @param version the message's schema version, or -1 when absent (then the latest is used)
     * @throws RetryableException when the registry is unreachable
     * @throws InvalidDataException when the schema does not exist
     */
    public SchemaInfo get(long schemaId, int version, byte[] payload) {
        Key key = new Key(schemaId, version);
        SchemaInfo known = cache.get(key);
        if (known != null) {
            return known;
        }
        try {
            com.danubemessaging.connect.client.SchemaInfo s =
                    registry.getSchema(schemaId, version < 0 ? null : version);
            SchemaInfo info = new SchemaInfo(s.schemaId(), s.subject(), s.version(), s.schemaType(), s.definition());
            if (version >= 0) {
                cache.put(key, info);
            }
            return info;
        } catch (DanubeClientException e) {
            if (e.isRetryable()) {
                throw new RetryableException("schema registry unavailable while fetching schema " + schemaId
                        + ": " + e.getMessage(), e);
            }
            throw new InvalidDataException("message references schema id " + schemaId + " version " + version
                    + " which the registry cannot return: " + e.getMessage(), payload, e);
        }
    }
}
