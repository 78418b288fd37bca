package com.danubemessaging.connect.client;

/**
 * One version of a registered schema. {@code schemaId} names the subject and is shared by all its versions;
 * {@code definition} is the schema text as registered (empty for bytes, string and number), taken out of the
 * envelope the registry answers with; {@code schemaType} is the registry's canonical name ({@code json_schema}
 * also for a schema registered as {@code json}).
 */
public record SchemaInfo(long schemaId, String subject, int version, String schemaType, byte[] definition,
                         String fingerprint) {
}
