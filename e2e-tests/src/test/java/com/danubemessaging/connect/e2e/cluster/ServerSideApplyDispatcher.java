package com.danubemessaging.connect.e2e.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The CRUD mock API server plus server-side apply, which the operator's production build uses
 * ({@code quarkus.operator-sdk.enable-ssa} is fixed at build time) and which the fabric8 7.5.2 mock rejects (its
 * PatchHandler knows JSON patch and merge patch only, build-facts.md G3).
 *
 * <p>An apply request ({@code PATCH}, {@code Content-Type: application/apply-patch+yaml}) creates the object when it
 * does not exist; otherwise it is handled for an applier that is the sole manager of what it applies, which the
 * operator is for the objects it renders: every top-level field of the applied configuration (spec, data, …)
 * replaces the object's, so a field the applier no longer sets is removed, as SSA removes fields only that manager
 * owned (https://kubernetes.io/docs/reference/using-api/server-side-apply/, "Field management"); labels, annotations
 * and finalizers are merged, owner references replaced, status and the server's metadata kept. On a /status
 * path only the status is applied. Conflicts between managers are not modelled (the operator applies with force).
 */
final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
    private static final Set<String> SERVER_FIELDS = Set.of("apiVersion", "kind", "metadata", "status");

    ServerSideApplyDispatcher() {
        super(List.of());
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith("application/apply-patch")) {
            return super.handlePatch(request);
        }
        String path = request.getPath();
        String objectPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        boolean statusPath = objectPath.endsWith("/status");
        String resourcePath = statusPath ? objectPath.substring(0, objectPath.length() - "/status".length())
                : objectPath;
        Map<String, Object> applied = map(Serialization.unmarshal(request.getUtf8Body(), Map.class));
        MockResponse current = handleGet(resourcePath);
        if (current.code() == 404) {
            if (statusPath) {
                return current;
            }
            String collection = resourcePath.substring(0, resourcePath.lastIndexOf('/'));
            return super.handleCreate(request(HttpMethod.POST, collection, applied));
        }
        Map<String, Object> object = map(Serialization.unmarshal(current.getBody().readUtf8(), Map.class));
        if (statusPath) {
            object.put("status", applied.get("status"));
            return super.handleUpdate(request(HttpMethod.PUT, objectPath, object));
        }
        applied.forEach((key, value) -> {
            if (!SERVER_FIELDS.contains(key)) {
                object.put(key, value);
            }
        });
        Map<String, Object> meta = map(object.get("metadata"));
        Map<String, Object> appliedMeta = map(applied.getOrDefault("metadata", Map.of()));
        for (String key : List.of("labels", "annotations")) {
            if (appliedMeta.containsKey(key)) {
                Map<String, Object> merged = new LinkedHashMap<>(map(meta.getOrDefault(key, Map.of())));
                merged.putAll(map(appliedMeta.get(key)));
                meta.put(key, merged);
            }
        }
        if (appliedMeta.containsKey("ownerReferences")) {
            meta.put("ownerReferences", appliedMeta.get("ownerReferences"));
        }
        if (appliedMeta.containsKey("finalizers")) {
            Set<Object> finalizers = new LinkedHashSet<>(list(meta.getOrDefault("finalizers", List.of())));
            finalizers.addAll(list(appliedMeta.get("finalizers")));
            meta.put("finalizers", new ArrayList<>(finalizers));
        }
        return super.handleUpdate(request(HttpMethod.PUT, resourcePath, object));
    }

    private static RecordedRequest request(HttpMethod method, String path, Map<String, Object> body) {
        byte[] json = Serialization.asJson(body).getBytes(StandardCharsets.UTF_8);
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(json));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, Object>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
