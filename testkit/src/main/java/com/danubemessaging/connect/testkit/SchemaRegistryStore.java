package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.RegisterSchemaRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaResponse;
import com.danubemessaging.connect.proto.schema.SchemaVersionInfo;
import com.danubemessaging.connect.proto.schema.SubjectSummary;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema registry's data: subjects with versions, and per-topic schema configuration. Like the real
 * broker's metadata store it survives a broker restart. Thread-safe (all methods synchronized).
 */
final class SchemaRegistryStore {

    static final Set<String> SCHEMA_TYPES = Set.of("avro", "json_schema", "protobuf", "bytes", "string", "number");
    static final Set<String> COMPATIBILITY_MODES = Set.of("none", "backward", "forward", "full");
    static final Set<String> VALIDATION_POLICIES = Set.of("none", "warn", "enforce");
    static final String DEFAULT_COMPATIBILITY = "backward";

    record Version(int version, ByteString definition, String fingerprint, String description,
                   String createdBy, long createdAt, List<String> tags) {
    }

    static final class Subject {
        final String name;
        final long schemaId;
        final String schemaType;
        String compatibilityMode = DEFAULT_COMPATIBILITY;
        final List<Version> versions = new ArrayList<>();

        Subject(String name, long schemaId, String schemaType) {
            this.name = name;
            this.schemaId = schemaId;
            this.schemaType = schemaType;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }
    }

    /** Schema settings of one topic. */
    record TopicSchemaConfig(String subject, String validationPolicy, boolean payloadValidation) {
    }

    private final Map<String, Subject> subjects = new LinkedHashMap<>();
    private final Map<Long, Subject> subjectsById = new LinkedHashMap<>();
    private final Map<String, TopicSchemaConfig> topicConfigs = new LinkedHashMap<>();
    private long nextSchemaId = 1;

    synchronized RegisterSchemaResponse register(RegisterSchemaRequest request) {
        String subjectName = request.getSubject();
        if (subjectName.isBlank()) {
            throw invalid("subject must not be empty");
        }
        String type = request.getSchemaType();
        if (!SCHEMA_TYPES.contains(type)) {
            throw invalid("unknown schema_type '" + type + "', expected one of " + SCHEMA_TYPES);
        }
        Subject subject = subjects.get(subjectName);
        if (subject != null && !subject.schemaType.equals(type)) {
            throw invalid("subject '" + subjectName + "' holds " + subject.schemaType
                    + " schemas, cannot register a " + type + " schema");
        }
        String fingerprint = fingerprint(request.getSchemaDefinition());
        if (subject == null) {
            subject = new Subject(subjectName, nextSchemaId++, type);
            subjects.put(subjectName, subject);
            subjectsById.put(subject.schemaId, subject);
        } else {
            for (Version v : subject.versions) {
                if (v.fingerprint().equals(fingerprint)) {
                    return RegisterSchemaResponse.newBuilder().setSchemaId(subject.schemaId)
                            .setVersion(v.version()).setIsNewVersion(false).setFingerprint(fingerprint).build();
                }
            }
        }
        int version = subject.versions.isEmpty() ? 1 : subject.latest().version() + 1;
        subject.versions.add(new Version(version, request.getSchemaDefinition(), fingerprint,
                request.getDescription(), request.getCreatedBy(), System.currentTimeMillis() / 1000,
                List.copyOf(request.getTagsList())));
        return RegisterSchemaResponse.newBuilder().setSchemaId(subject.schemaId).setVersion(version)
                .setIsNewVersion(true).setFingerprint(fingerprint).build();
    }

    synchronized GetSchemaResponse get(long schemaId, Integer version) {
        Subject subject = subjectsById.get(schemaId);
        if (subject == null || subject.versions.isEmpty()) {
            throw notFound("schema id " + schemaId + " not found");
        }
        if (version == null) {
            return toResponse(subject, subject.latest());
        }
        return subject.versions.stream().filter(v -> v.version() == version).findFirst()
                .map(v -> toResponse(subject, v))
                .orElseThrow(() -> notFound("version " + version + " of schema id " + schemaId + " not found"));
    }

    synchronized GetSchemaResponse latest(String subjectName) {
        Subject subject = requireSubject(subjectName);
        return toResponse(subject, subject.latest());
    }

    synchronized List<SchemaVersionInfo> versions(String subjectName) {
        Subject subject = requireSubject(subjectName);
        List<SchemaVersionInfo> infos = new ArrayList<>();
        for (Version v : subject.versions) {
            infos.add(SchemaVersionInfo.newBuilder().setVersion(v.version()).setCreatedAt(v.createdAt())
                    .setCreatedBy(v.createdBy()).setDescription(v.description()).setFingerprint(v.fingerprint())
                    .setSchemaId(subject.schemaId).build());
        }
        return infos;
    }

    /** Compatibility is only checked for the schema type; see the README for what is simplified. */
    synchronized List<String> compatibilityErrors(String subjectName, String schemaType, String mode) {
        Subject subject = requireSubject(subjectName);
        String effective = mode == null || mode.isEmpty() ? subject.compatibilityMode : mode;
        if (!COMPATIBILITY_MODES.contains(effective)) {
            throw invalid("unknown compatibility mode '" + effective + "', expected one of " + COMPATIBILITY_MODES);
        }
        if ("none".equals(effective) || schemaType.isEmpty() || schemaType.equals(subject.schemaType)) {
            return List.of();
        }
        return List.of("schema type " + schemaType + " differs from the subject's type " + subject.schemaType);
    }

    synchronized String deleteVersion(String subjectName, int version) {
        Subject subject = requireSubject(subjectName);
        boolean removed = subject.versions.removeIf(v -> v.version() == version);
        if (!removed) {
            throw notFound("version " + version + " of subject '" + subjectName + "' not found");
        }
        if (subject.versions.isEmpty()) {
            subjects.remove(subjectName);
            subjectsById.remove(subject.schemaId);
        }
        return "deleted version " + version + " of subject '" + subjectName + "'";
    }

    synchronized void setCompatibilityMode(String subjectName, String mode) {
        if (!COMPATIBILITY_MODES.contains(mode)) {
            throw invalid("unknown compatibility mode '" + mode + "', expected one of " + COMPATIBILITY_MODES);
        }
        requireSubject(subjectName).compatibilityMode = mode;
    }

    synchronized void configureTopic(String topic, String subjectName, String policy, boolean payloadValidation) {
        TopicNames.validate(topic);
        requireSubject(subjectName);
        requirePolicy(policy);
        topicConfigs.put(topic, new TopicSchemaConfig(subjectName, policy, payloadValidation));
    }

    synchronized void updateValidationPolicy(String topic, String policy, boolean payloadValidation) {
        requirePolicy(policy);
        TopicSchemaConfig current = topicConfigs.get(topic);
        if (current == null) {
            throw notFound("topic '" + topic + "' has no schema configuration");
        }
        topicConfigs.put(topic, new TopicSchemaConfig(current.subject(), policy, payloadValidation));
    }

    synchronized TopicSchemaConfig topicConfig(String topic) {
        return topicConfigs.get(topic);
    }

    /** The first producer with a schema_ref assigns the topic's subject (policy stays as configured, default none). */
    synchronized void assignSubjectIfAbsent(String topic, String subjectName) {
        TopicSchemaConfig current = topicConfigs.get(topic);
        if (current == null || current.subject() == null) {
            topicConfigs.put(topic, new TopicSchemaConfig(subjectName,
                    current == null ? "none" : current.validationPolicy(),
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
            list.add(SubjectSummary.newBuilder().setSubject(s.name).setSchemaType(s.schemaType)
                    .setLatestVersion(s.latest().version()).setCompatibilityMode(s.compatibilityMode)
                    .setSchemaId(s.schemaId).addAllTags(s.latest().tags()).build());
        }
        return list;
    }

    private Subject requireSubject(String subjectName) {
        Subject subject = subjects.get(subjectName);
        if (subject == null) {
            throw notFound("schema subject '" + subjectName + "' not found");
        }
        return subject;
    }

    private static void requirePolicy(String policy) {
        if (!VALIDATION_POLICIES.contains(policy)) {
            throw invalid("unknown validation policy '" + policy + "', expected one of " + VALIDATION_POLICIES);
        }
    }

    private static GetSchemaResponse toResponse(Subject subject, Version v) {
        return GetSchemaResponse.newBuilder().setSchemaId(subject.schemaId).setVersion(v.version())
                .setSubject(subject.name).setSchemaType(subject.schemaType).setSchemaDefinition(v.definition())
                .setDescription(v.description()).setCreatedAt(v.createdAt()).setCreatedBy(v.createdBy())
                .addAllTags(v.tags()).setFingerprint(v.fingerprint()).setCompatibilityMode(subject.compatibilityMode)
                .build();
    }

    static String fingerprint(ByteString definition) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(definition.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
