package com.danubemessaging.connect.operator.rbac;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the API server as the RBAC authorizer sees it: verb, API group, resource, subresource, namespace
 * and name. The mapping follows the API server's request parser (k8s.io/apiserver
 * pkg/endpoints/request/requestinfo.go, RequestInfoFactory.NewRequestInfo): GET of a named object is {@code get},
 * of a collection {@code list} or, with {@code watch=true} (or the legacy {@code /watch/} prefix), {@code watch};
 * POST {@code create}, PUT {@code update}, PATCH {@code patch}, DELETE {@code delete} or {@code deletecollection};
 * a list or watch with {@code fieldSelector=metadata.name=X} is authorized for the name X. Paths outside
 * {@code /api} and {@code /apis/<group>/<version>/...} are non-resource requests (discovery, /version).
 *
 * @param verb RBAC verb
 * @param group API group ("" for the core group)
 * @param resource plural resource name, or the non-resource path
 * @param subresource subresource or ""
 * @param namespace namespace or "" (cluster-scoped or all namespaces)
 * @param name object name or "" (collections and creates)
 * @param nonResource true for non-resource URLs
 */
public record ApiCall(String verb, String group, String resource, String subresource, String namespace, String name,
        boolean nonResource) {

    /** Parses a request line's method and path (with query). */
    public static ApiCall of(String method, String pathWithQuery) {
        int q = pathWithQuery.indexOf('?');
        String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : pathWithQuery.substring(q + 1));
        String[] parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        int rest;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            rest = 3;
        } else {
            return new ApiCall(method.toLowerCase(Locale.ROOT), "", path, "", "", "", true);
        }
        if (parts.length == rest) {
            // /api/v1 or /apis/<group>/<version>: discovery of a group version
            return new ApiCall(method.toLowerCase(Locale.ROOT), "", path, "", "", "", true);
        }
        boolean legacyWatch = false;
        if (parts[rest].equals("watch")) {
            legacyWatch = true;
            rest++;
        }
        String namespace = "";
        if (parts[rest].equals("namespaces") && parts.length > rest + 1) {
            namespace = parts[rest + 1];
            // /namespaces/<name> (and its subresources) is the Namespace object itself
            if (parts.length > rest + 2) {
                rest += 2;
            }
        }
        String resource = parts[rest];
        String name = parts.length > rest + 1 ? parts[rest + 1] : "";
        String subresource = parts.length > rest + 2 ? parts[rest + 2] : "";
        String verb = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> name.isEmpty() ? (legacyWatch || isTrue(query.get("watch")) ? "watch" : "list")
                    : legacyWatch ? "watch" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unexpected method " + method + " " + pathWithQuery);
        };
        if ((verb.equals("list") || verb.equals("watch")) && query.containsKey("fieldSelector")) {
            for (String term : query.get("fieldSelector").split(",")) {
                if (term.startsWith("metadata.name=")) {
                    name = term.substring("metadata.name=".length());
                }
            }
        }
        return new ApiCall(verb, group, resource, subresource, namespace, name, false);
    }

    /** "resource" or "resource/subresource", as RBAC rules name it. */
    public String resourceWithSubresource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /** The same call with another verb (e.g. the PATCH that server-side apply sends where the test saw a PUT). */
    public ApiCall withVerb(String otherVerb) {
        return new ApiCall(otherVerb, group, resource, subresource, namespace, name, nonResource);
    }

    @Override
    public String toString() {
        if (nonResource) {
            return verb + " " + resource;
        }
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resourceWithSubresource()
                + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " name=" + name);
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
