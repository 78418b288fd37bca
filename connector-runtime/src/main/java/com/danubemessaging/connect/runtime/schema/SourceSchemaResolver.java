package com.danubemessaging.connect.runtime.schema;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.VersionStrategy;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.RegisteredSchema;
import com.danubemessaging.connect.client.SchemaInfo;
import com.danubemessaging.connect.client.SchemaRef;
import com.danubemessaging.connect.client.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves, at source start, the schema of every topic from {@code [[schemas]]} (which wins) or from a
 * {@link ProducerConfig#schemaSubject()}. With {@code auto_register} the definition is registered (the registry
 * returns the existing version when the definition is unchanged, so a changed schema file becomes a new version,
 * unlike danube-connect-core which silently kept the old one); without it the subject must already exist.
 */
public final class SourceSchemaResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSchemaResolver.class);

    private final SchemaRegistryClient registry;

    public SourceSchemaResolver(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * @return topic → schema, only for topics that have one
     * @throws ConfigurationException for a missing file or subject
     * @throws FatalException when the registry refuses a registration
     */
    public Map<String, TopicSchema> resolve(List<SchemaMapping> mappings, List<ProducerConfig> producers) {
        Map<String, TopicSchema> out = new HashMap<>();
        for (SchemaMapping m : mappings) {
            out.put(m.topic(), resolveMapping(m));
        }
        for (ProducerConfig p : producers) {
            if (!out.containsKey(p.topic()) && p.schemaSubject() != null) {
                SchemaInfo latest = latestOrConfigError(p.schemaSubject(), "producer config of " + p.topic());
                out.put(p.topic(), new TopicSchema(SchemaTypes.normalize(latest.schemaType()),
                        SchemaRef.latest(p.schemaSubject())));
            }
        }
        return out;
    }

    private TopicSchema resolveMapping(SchemaMapping m) {
        String type = SchemaTypes.normalize(m.schemaType());
        if (m.autoRegister()) {
            byte[] definition = readDefinition(m, type);
            try {
                RegisteredSchema r = registry.register(m.subject(), type, definition);
                LOG.info("Schema subject '{}' ({}) for topic {}: id {} version {}{}", m.subject(), type, m.topic(),
                        r.schemaId(), r.version(), r.newVersion() ? " (newly registered)" : "");
            } catch (DanubeClientException e) {
                // e.g. the registry's "Schema is not compatible with subject '…' (mode: Backward): …": fatal before
                // any producer exists, so a restarting pod never publishes with a schema the registry refused.
                throw new FatalException("registering schema subject '" + m.subject() + "' from "
                        + m.schemaFile().map(Object::toString).orElse("(no file)") + " for topic " + m.topic()
                        + " failed: " + e.getMessage(), e);
            }
        } else {
            latestOrConfigError(m.subject(), "[[schemas]] topic " + m.topic());
        }
        return new TopicSchema(type, toRef(m.subject(), m.versionStrategy()));
    }

    private SchemaInfo latestOrConfigError(String subject, String where) {
        try {
            return registry.getLatestSchema(subject);
        } catch (DanubeClientException e) {
            throw new ConfigurationException("schema subject '" + subject + "' (" + where
                    + ") is not registered and auto_register is off: " + e.getMessage(), e);
        }
    }

    private static byte[] readDefinition(SchemaMapping m, String type) {
        if (!SchemaTypes.WITH_DEFINITION.contains(type)) {
            return new byte[0];
        }
        Path file = m.schemaFile().orElseThrow(() -> new ConfigurationException(
                "schemas.schema_file: required for schema type '" + type + "' (topic " + m.topic() + ")"));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("schemas.schema_file: cannot read " + file + " for topic " + m.topic()
                    + ": " + e.getMessage(), e);
        }
    }

    static SchemaRef toRef(String subject, VersionStrategy strategy) {
        return switch (strategy.kind()) {
            case LATEST -> SchemaRef.latest(subject);
            case PINNED -> SchemaRef.pinned(subject, strategy.version());
            case MINIMUM -> SchemaRef.minimum(subject, strategy.version());
        };
    }
}
