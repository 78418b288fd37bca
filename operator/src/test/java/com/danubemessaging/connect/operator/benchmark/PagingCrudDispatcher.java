package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The CRUD mock API server with list pagination as the real one serves it (apimachinery ListOptions: {@code limit}
 * caps the items of a response, {@code metadata.continue} resumes the same consistent snapshot, and
 * {@code remainingItemCount} says how many are left), which the fabric8 mock ignores: without it, a paged informer
 * would still receive every object in one response.
 *
 * <p>Bulk objects can be {@linkplain #preload preloaded} as ready-made JSON: they are listed (and read by name) like
 * stored ones but bypass the CRUD store, whose list handler serialises the whole store on the server's single event
 * loop for every first page (hundreds of MB for 2,000 Secrets of 100 KB, past the clients' timeouts). A real API
 * server reads a page from etcd; what the benchmarked client receives is the same.
 */
final class PagingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");
    private static final Pattern CONTINUE = Pattern.compile("[?&]continue=([^&]+)");

    private record Snapshot(String kind, String resourceVersion, List<String> items) {
    }

    /** Ready-made objects of one resource of one namespace. */
    private record Preloaded(String namespace, String resource, Map<String, String> byName) {
    }

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final List<Preloaded> preloaded = new ArrayList<>();
    private final Map<String, AtomicInteger> pagesByList = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> completedLists = new ConcurrentHashMap<>();
    private final AtomicInteger preloadedItemsServed = new AtomicInteger();

    /**
     * Adds objects of a core ({@code /api/v1}) resource, each as its JSON; they are served after the stored objects
     * of the same list, in the given order.
     */
    synchronized void preload(String namespace, String resource, Map<String, String> jsonByName) {
        preloaded.add(new Preloaded(namespace, resource, jsonByName));
    }

    int pagedResponses() {
        return pagesByList.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Paged lists of this path (without its query) read to their last page. */
    int completedLists(String path) {
        AtomicInteger count = completedLists.get(path);
        return count == null ? 0 : count.get();
    }

    /** Pages served per list path (a path without its query), for a report. */
    Map<String, Integer> pagesByList() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        pagesByList.forEach((path, count) -> copy.put(path, count.get()));
        return copy;
    }

    int preloadedItemsServed() {
        return preloadedItemsServed.get();
    }

    @Override
    public MockResponse handleGet(String path) {
        String plainPath = path.split("\\?", 2)[0];
        for (Preloaded p : preloaded) {
            String prefix = "/api/v1/namespaces/" + p.namespace() + "/" + p.resource() + "/";
            if (plainPath.startsWith(prefix) && p.byName().containsKey(plainPath.substring(prefix.length()))) {
                return new MockResponse().setResponseCode(200)
                        .setBody(p.byName().get(plainPath.substring(prefix.length())));
            }
        }
        Matcher limit = LIMIT.matcher(path);
        if (path.contains("watch=true") || !limit.find()) {
            return super.handleGet(path);
        }
        int pageSize = Integer.parseInt(limit.group(1));
        Matcher cont = CONTINUE.matcher(path);
        String token;
        int offset;
        if (cont.find()) {
            // The client URL-encodes the token; a token it cannot decode is a bad request, as on the API server.
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(URLDecoder.decode(cont.group(1),
                        StandardCharsets.UTF_8)), StandardCharsets.UTF_8).split(":");
            } catch (IllegalArgumentException e) {
                return status(400, "BadRequest", "invalid continue token: " + e.getMessage());
            }
            token = parts[0];
            offset = Integer.parseInt(parts[1]);
        } else {
            MockResponse stored = super.handleGet(path.replaceAll("([?&])limit=\\d+&?", "$1"));
            if (stored.code() != 200) {
                return stored;
            }
            token = UUID.randomUUID().toString();
            offset = 0;
            snapshots.put(token, withPreloaded(plainPath, snapshot(stored.getBody().readUtf8())));
        }
        Snapshot snapshot = snapshots.get(token);
        if (snapshot == null) {
            // What the API server answers for a continue token it no longer knows: 410 Gone, reason Expired
            // (kubernetes/website content/en/docs/reference/using-api/api-concepts.md, "Retrieving large results
            // sets in chunks" and "410 Gone responses").
            return status(410, "Expired", "the continue token is no longer valid");
        }
        int end = Math.min(snapshot.items().size(), offset + pageSize);
        ObjectNode metadata = JSON.createObjectNode().put("resourceVersion", snapshot.resourceVersion());
        if (end < snapshot.items().size()) {
            metadata.put("continue", Base64.getUrlEncoder().encodeToString((token + ":" + end)
                    .getBytes(StandardCharsets.UTF_8)));
            metadata.put("remainingItemCount", snapshot.items().size() - end);
        } else {
            snapshots.remove(token);
            completedLists.computeIfAbsent(plainPath, k -> new AtomicInteger()).incrementAndGet();
        }
        pagesByList.computeIfAbsent(plainPath, k -> new AtomicInteger()).incrementAndGet();
        StringBuilder body = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"").append(snapshot.kind())
                .append("\",\"metadata\":").append(metadata).append(",\"items\":[");
        for (int i = offset; i < end; i++) {
            body.append(i > offset ? "," : "").append(snapshot.items().get(i));
        }
        return new MockResponse().setResponseCode(200).setBody(body.append("]}").toString());
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody(JSON.createObjectNode().put("kind", "Status")
                .put("apiVersion", "v1").put("status", "Failure").put("reason", reason).put("message", message)
                .put("code", code).toString());
    }

    /** The stored items of a list, followed by the preloaded ones it covers (all namespaces or one). */
    private synchronized Snapshot withPreloaded(String listPath, Snapshot stored) {
        List<String> items = new ArrayList<>(stored.items());
        for (Preloaded p : preloaded) {
            if (listPath.equals("/api/v1/" + p.resource())
                    || listPath.equals("/api/v1/namespaces/" + p.namespace() + "/" + p.resource())) {
                items.addAll(p.byName().values());
                preloadedItemsServed.addAndGet(p.byName().size());
            }
        }
        return new Snapshot(stored.kind(), stored.resourceVersion(), items);
    }

    private static Snapshot snapshot(String list) {
        try (JsonParser parser = JSON.getFactory().createParser(list)) {
            String kind = "List";
            String resourceVersion = "";
            List<String> items = new ArrayList<>();
            parser.nextToken(); // START_OBJECT
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "kind" -> kind = parser.getText();
                    case "metadata" -> resourceVersion = JSON.readValue(parser, JsonNode.class)
                            .path("resourceVersion").asText();
                    case "items" -> {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            int start = (int) parser.currentTokenLocation().getCharOffset();
                            parser.skipChildren();
                            items.add(list.substring(start, (int) parser.currentLocation().getCharOffset()));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            return new Snapshot(kind, resourceVersion, items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
