package com.danubemessaging.connect.runtime.schema;

import com.danubemessaging.connect.client.SchemaRef;

/**
 * The schema a source topic's producer attaches, and the type its records are encoded with.
 *
 * @param schemaType normalized schema type
 * @param ref        what the producer stamps on messages
 */
public record TopicSchema(String schemaType, SchemaRef ref) {
}
