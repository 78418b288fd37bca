package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.RegisterSchemaRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaResponse;
import com.danubemessaging.connect.proto.schema.SchemaVersionInfo;
import com.danubemessaging.connect.proto.schema.SubjectSummary;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema registry's data and rules ({@code danube-schema/src/registry.rs}, answered as
 * {@code broker_server/schema_registry_handler.rs} does): subjects with parsed, versioned definitions, each
 * subject's compatibility mode (BACKWARD by default), and per-topic schema configuration. Like the real broker's
 * metadata store it survives a broker restart. Thread-safe (all methods synchronized).
 */
final class SchemaRegistryStore {

    static final String DEFAULT_VALIDATION_POLICY = "none";

    record Version(int version, SchemaDefinition definition, String description, String createdBy,
                   long createdAt, List<String> tags) {
    }

    static final class Subject {
        final String name;
        final long schemaId;
        SchemaCompatibility.Mode compatibilityMode = SchemaCompatibility.Mode.BACKWARD;
        final List<Version> versions = new ArrayList<>();
        /** DeleteSchemaVersion only removes the stored version, not its entry in the subject's metadata. */
        final Set<Integer> deleted = new HashSet<>();

        Subject(String name, long schemaId) {
            this.name = name;
            this.schemaId = schemaId;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }

        /** The latest version's type name, as ListSubjects reports it. */
        String schemaType() {
            return latest().definition().typeName();
        }
    }

    /** Schema settings of one topic. */
    record TopicSchemaConfig(String subject, String validationPolicy, boolean payloadValidation) {
    }

    private final Map<String, Subject> subjects = new LinkedHashMap<>();
    private final Map<Long, Subject> subjectsById = new LinkedHashMap<>();
    private final Map<String, TopicSchemaConfig> topicConfigs = new LinkedHashMap<>();
    private long nextSchemaId = 1;

    /**
     * {@code register_schema}: parse; the same fingerprint as any version returns that version; otherwise the
     * candidate must be compatible with the latest version under the subject's mode. Refusals are INTERNAL
     * "Failed to register schema: …" with upstream's reason.
     */
    synchronized RegisterSchemaResponse register(RegisterSchemaRequest request) {
        String subjectName = request.getSubject();
        SchemaDefinition definition;
        try {
            definition = SchemaParser.parse(request.getSchemaType(), request.getSchemaDefinition().toByteArray());
        } catch (SchemaParser.InvalidSchemaException e) {
            throw internal("Failed to register schema: " + e.getMessage());
        }
        Subject subject = subjects.get(subjectName);
        if (subject == null) {
            subject = new Subject(subjectName, nextSchemaId++);
            subjects.put(subjectName, subject);
            subjectsById.put(subject.schemaId, subject);
        } else {
            for (Version v : subject.versions) {
                if (v.definition().fingerprint().equals(definition.fingerprint())) {
                    return response(subject, v, false);
                }
            }
            List<String> errors = SchemaCompatibility.errors(subject.latest().definition(), definition,
                    subject.compatibilityMode);
            if (!errors.isEmpty()) {
                throw internal("Failed to register schema: Schema is not compatible with subject '" + subjectName
                        + "' (mode: " + subject.compatibilityMode.debug() + "): " + String.join("; ", errors));
            }
        }
        int version = subject.versions.isEmpty() ? 1 : subject.latest().version() + 1;
        Version added = new Version(version, definition, request.getDescription(), request.getCreatedBy(),
                System.currentTimeMillis() / 1000, List.copyOf(request.getTagsList()));
        subject.versions.add(added);
        return response(subject, added, true);
    }

    private static RegisterSchemaResponse response(Subject subject, Version v, boolean isNew) {
        return RegisterSchemaResponse.newBuilder().setSchemaId(subject.schemaId).setVersion(v.version())
                .setIsNewVersion(isNew).setFingerprint(v.definition().fingerprint()).build();
    }

    /** {@code get_schema}: any failure is NOT_FOUND "Schema not found for ID: …". */
    synchronized GetSchemaResponse get(long schemaId, Integer version) {
        Subject subject = subjectsById.get(schemaId);
        Version found = null;
        if (subject != null && version == null) {
            found = subject.latest();
        } else if (subject != null && !subject.deleted.contains(version)) {
            found = subject.versions.stream().filter(v -> v.version() == version).findFirst().orElse(null);
        }
        if (found == null) {
            throw notFound("Schema not found for ID: " + schemaId);
        }
        return toResponse(subject, found);
    }

    synchronized GetSchemaResponse latest(String subjectName) {
        Subject subject = subjects.get(subjectName);
        if (subject == null) {
            throw notFound("Schema not found for subject: " + subjectName);
        }
        return toResponse(subject, subject.latest());
    }

    synchronized List<SchemaVersionInfo> versions(String subjectName) {
        Subject subject = subjects.get(subjectName);
        if (subject == null) {
            throw notFound("Subject not found: " + subjectName);
        }
        List<SchemaVersionInfo> infos = new ArrayList<>();
        for (Version v : subject.versions) {
            if (!subject.deleted.contains(v.version())) {
                infos.add(SchemaVersionInfo.newBuilder().setVersion(v.version()).setCreatedAt(v.createdAt())
                        .setCreatedBy(v.createdBy()).setDescription(v.description())
                        .setFingerprint(v.definition().fingerprint()).setSchemaId(subject.schemaId).build());
            }
        }
        return infos;
    }

    /**
     * {@code check_compatibility}: parse the candidate, then compare it with the latest version under the given
     * mode (an unknown mode name falls back to the subject's own). Failures are INTERNAL "Failed to check
     * compatibility: …".
     */
    synchronized List<String> compatibilityErrors(String subjectName, String schemaType, byte[] definition,
                                                  String modeOverride) {
        try {
            SchemaDefinition candidate = SchemaParser.parse(schemaType, definition);
            Subject subject = subjects.get(subjectName);
            if (subject == null) {
                throw new SchemaParser.InvalidSchemaException("Schema metadata not found for subject: "
                        + subjectName);
            }
            SchemaCompatibility.Mode requested = SchemaCompatibility.Mode.parse(modeOverride);
            SchemaCompatibility.Mode mode = requested != null ? requested : subject.compatibilityMode;
            return SchemaCompatibility.errors(subject.latest().definition(), candidate, mode);
        } catch (SchemaParser.InvalidSchemaException e) {
            throw internal("Failed to check compatibility: " + e.getMessage());
        }
    }

    synchronized String deleteVersion(String subjectName, int version) {
        Subject subject = subjects.get(subjectName);
        if (subject == null || subject.versions.stream().noneMatch(v -> v.version() == version)
                || !subject.deleted.add(version)) {
            throw internal("Failed to delete schema version: Schema version " + version
                    + " not found for subject: " + subjectName);
        }
        return "Deleted version " + version + " for subject " + subjectName;
    }

    synchronized void setCompatibilityMode(String subjectName, String modeText) {
        SchemaCompatibility.Mode mode = SchemaCompatibility.Mode.parse(modeText);
        if (mode == null) {
            throw Status.INVALID_ARGUMENT.withDescription("Invalid compatibility mode: " + modeText)
                    .asRuntimeException();
        }
        Subject subject = subjects.get(subjectName);
        if (subject == null) {
            throw internal("Failed to set compatibility mode: Schema metadata not found for subject: "
                    + subjectName);
        }
        subject.compatibilityMode = mode;
    }

    synchronized void configureTopic(String topic, String subjectName, String policy, boolean payloadValidation) {
        String normalized = requirePolicy(policy);
        if (!subjects.containsKey(subjectName)) {
            throw notFound("Schema subject '" + subjectName + "' not found in registry: Schema metadata not found"
                    + " for subject: " + subjectName);
        }
        TopicNames.validate(topic);
        topicConfigs.put(topic, new TopicSchemaConfig(subjectName, normalized, payloadValidation));
    }

    synchronized void updateValidationPolicy(String topic, String policy, boolean payloadValidation) {
        String normalized = requirePolicy(policy);
        TopicSchemaConfig current = topicConfigs.get(topic);
        if (current == null) {
            throw notFound("topic '" + topic + "' has no schema configuration");
        }
        topicConfigs.put(topic, new TopicSchemaConfig(current.subject(), normalized, payloadValidation));
    }

    synchronized TopicSchemaConfig topicConfig(String topic) {
        return topicConfigs.get(topic);
    }

    /** The first producer with a schema_ref assigns the topic's subject (policy stays as configured). */
    synchronized void assignSubjectIfAbsent(String topic, String subjectName) {
        TopicSchemaConfig current = topicConfigs.get(topic);
        if (current == null || current.subject() == null) {
            topicConfigs.put(topic, new TopicSchemaConfig(subjectName,
                    current == null ? DEFAULT_VALIDATION_POLICY : current.validationPolicy(),
                    current != null && current.payloadValidation()));
        }
    }

    synchronized boolean hasSubject(String subjectName) {
        return subjects.containsKey(subjectName);
    }

    synchronized Subject subject(String subjectName) {
        return subjects.get(subjectName);
    }

    synchronized Long schemaIdOf(String subjectName) {
        Subject s = subjects.get(subjectName);
        return s == null ? null : s.schemaId;
    }

    synchronized List<SubjectSummary> summaries() {
        List<SubjectSummary> list = new ArrayList<>();
        for (Subject s : subjects.values()) {
            list.add(SubjectSummary.newBuilder().setSubject(s.name).setSchemaType(s.schemaType())
                    .setLatestVersion(s.latest().version()).setCompatibilityMode(s.compatibilityMode.text())
                    .setSchemaId(s.schemaId).addAllTags(s.latest().tags()).build());
        }
        return list;
    }

    /** {@code configure_topic_schema}: case-insensitive none / warn / enforce, else INVALID_ARGUMENT. */
    private static String requirePolicy(String policy) {
        String normalized = policy.toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("none", "warn", "enforce").contains(normalized)) {
            throw Status.INVALID_ARGUMENT.withDescription("Invalid validation policy: '" + policy
                    + "'. Must be 'none', 'warn', or 'enforce'").asRuntimeException();
        }
        return normalized;
    }

    /** The schema definition comes back as upstream's serde JSON envelope, not as the registered bytes. */
    private static GetSchemaResponse toResponse(Subject subject, Version v) {
        return GetSchemaResponse.newBuilder().setSchemaId(subject.schemaId).setVersion(v.version())
                .setSubject(subject.name).setSchemaType(v.definition().typeName())
                .setSchemaDefinition(ByteString.copyFrom(v.definition().envelope()))
                .setDescription(v.description()).setCreatedAt(v.createdAt()).setCreatedBy(v.createdBy())
                .addAllTags(v.tags()).setFingerprint(v.definition().fingerprint())
                .setCompatibilityMode(subject.compatibilityMode.text())
                .build();
    }

    private static RuntimeException internal(String message) {
        return Status.INTERNAL.withDescription(message).asRuntimeException();
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
