package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.SchemaReference;
import io.grpc.Status;

/** Resolves a {@link SchemaRef} to the exact (schema id, version) a producer stamps on its messages. */
final class SchemaResolver {

    /** The schema id and version put on every message. */
    record ResolvedSchema(long schemaId, int version) {
    }

    private SchemaResolver() {
    }

    static ResolvedSchema resolve(SchemaRegistryClient registry, SchemaRef ref) {
        SchemaInfo latest = registry.getLatestSchema(ref.subject());
        return switch (ref.mode()) {
            case LATEST -> new ResolvedSchema(latest.schemaId(), latest.version());
            case PINNED -> {
                if (ref.version() > latest.version()) {
                    throw new DanubeClientException(Status.Code.FAILED_PRECONDITION, "Schema subject '"
                            + ref.subject() + "' has no version " + ref.version() + " (latest is "
                            + latest.version() + ")");
                }
                SchemaInfo pinned = registry.getSchema(latest.schemaId(), ref.version());
                yield new ResolvedSchema(pinned.schemaId(), pinned.version());
            }
            case MINIMUM -> {
                if (latest.version() < ref.version()) {
                    throw new DanubeClientException(Status.Code.FAILED_PRECONDITION, "Schema subject '"
                            + ref.subject() + "' is at version " + latest.version() + ", below the required minimum "
                            + ref.version());
                }
                yield new ResolvedSchema(latest.schemaId(), latest.version());
            }
        };
    }

    static SchemaReference toProto(SchemaRef ref) {
        SchemaReference.Builder b = SchemaReference.newBuilder().setSubject(ref.subject());
        switch (ref.mode()) {
            case LATEST -> b.setUseLatest(true);
            case PINNED -> b.setPinnedVersion(ref.version());
            case MINIMUM -> b.setMinVersion(ref.version());
            default -> throw new IllegalStateException("unknown schema mode " + ref.mode());
        }
        return b.build();
    }
}
