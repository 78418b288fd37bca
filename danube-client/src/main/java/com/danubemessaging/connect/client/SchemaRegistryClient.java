package com.danubemessaging.connect.client;

/** Danube schema-registry calls (sent to the service URL; any broker answers). */
public interface SchemaRegistryClient {

    RegisteredSchema register(String subject, String schemaType, byte[] definition);

    /** The given version of the subject with this id, or its latest version when {@code versionOrNull} is null. */
    SchemaInfo getSchema(long schemaId, Integer versionOrNull);

    SchemaInfo getLatestSchema(String subject);
}
