package com.danubemessaging.connect.operator.render;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The connector pod's security contexts: defaults that meet the Pod Security Standards "restricted" profile, with
 * the user's {@code spec.template} security contexts merged over them field by field. A field the user sets wins; a
 * field the user leaves out keeps its secure default. So setting {@code runAsUser} keeps {@code drop: [ALL]} and the
 * seccomp profile, and weakening a setting takes naming that very field (e.g. {@code allowPrivilegeEscalation: true}).
 * Nested objects (capabilities, seccompProfile, seLinuxOptions, ...) merge the same way; lists (e.g.
 * {@code capabilities.drop}) are replaced as a whole when given.
 */
final class SecureDefaults {

    static final long RUNTIME_UID = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SecureDefaults() {
    }

    /** Pod level: non-root uid/gid 1000 (the runtime image's user), fsGroup for writable volumes, seccomp. */
    static PodSecurityContext defaultPod() {
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(RUNTIME_UID)
                .withRunAsGroup(RUNTIME_UID).withFsGroup(RUNTIME_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    }

    /**
     * Container level. No runAsUser here: the pod-level one applies, so a {@code runAsUser} given in
     * {@code spec.template.pod.securityContext} is not shadowed by a container default. runAsNonRoot and seccomp are
     * repeated so the container stays "restricted" even when the pod-level context is overridden.
     */
    static SecurityContext defaultContainer() {
        return new SecurityContextBuilder().withRunAsNonRoot(true).withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    }

    static PodSecurityContext pod(PodSecurityContext override) {
        return merge(defaultPod(), override, PodSecurityContext.class);
    }

    static SecurityContext container(SecurityContext override) {
        return merge(defaultContainer(), override, SecurityContext.class);
    }

    private static <T> T merge(T defaults, T override, Class<T> type) {
        if (override == null) {
            return defaults;
        }
        ObjectNode merged = MAPPER.valueToTree(defaults);
        mergeInto(merged, MAPPER.valueToTree(override));
        try {
            return MAPPER.treeToValue(merged, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot merge security contexts", e);
        }
    }

    private static void mergeInto(ObjectNode target, JsonNode override) {
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && value.isObject()) {
                mergeInto(existingObject, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
