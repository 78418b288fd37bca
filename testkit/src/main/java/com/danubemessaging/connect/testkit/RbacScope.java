package com.danubemessaging.connect.testkit;

import java.util.Objects;

/**
 * Where a role binding applies ({@code danube-broker/src/resources/security.rs}): the whole cluster, one
 * namespace (every topic in it), or one topic. Schema subjects are checked as topic-scoped resources named after
 * the subject.
 *
 * @param kind     {@code cluster}, {@code namespace} or {@code topic}
 * @param resource the namespace name, the topic ({@code /ns/topic}) or schema subject; empty for the cluster
 */
public record RbacScope(String kind, String resource) {

    public RbacScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
    }

    public static RbacScope cluster() {
        return new RbacScope("cluster", "");
    }

    public static RbacScope namespace(String namespace) {
        return new RbacScope("namespace", namespace);
    }

    /** A topic ({@code /ns/topic}), or a schema subject by its name. */
    public static RbacScope topic(String topicOrSubject) {
        return new RbacScope("topic", topicOrSubject);
    }
}
