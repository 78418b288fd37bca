package com.danubemessaging.connect.client;

/** Result of registering a schema: the subject's id, the version, whether it was new, and its SHA-256 fingerprint. */
public record RegisteredSchema(long schemaId, int version, boolean newVersion, String fingerprint) {
}
