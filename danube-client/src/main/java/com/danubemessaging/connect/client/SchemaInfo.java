package com.danubemessaging.connect.client;

/** One version of a registered schema. {@code schemaId} names the subject and is shared by all its versions. */
public record SchemaInfo(long schemaId, String subject, int version, String schemaType, byte[] definition,
                         String fingerprint) {
}
