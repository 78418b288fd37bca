package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The CRUD mock API server with list pagination as the real one serves it (apimachinery ListOptions: {@code limit}
 * caps the items of a response, {@code metadata.continue} resumes the same consistent snapshot), which the fabric8
 * mock ignores: without it, a paged informer would still receive every object in one response. The first page
 * takes a snapshot of the whole list (items kept as raw JSON, split with a streaming parser so that a list of
 * hundreds of MB is not turned into a tree on the server's event loop).
 */
final class PagingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");
    private static final Pattern CONTINUE = Pattern.compile("[?&]continue=([^&]+)");

    private record Snapshot(String kind, String resourceVersion, List<String> items) {
    }

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    volatile int pagedResponses;

    @Override
    public MockResponse handleGet(String path) {
        Matcher limit = LIMIT.matcher(path);
        if (path.contains("watch=true") || !limit.find()) {
            return super.handleGet(path);
        }
        int pageSize = Integer.parseInt(limit.group(1));
        Matcher cont = CONTINUE.matcher(path);
        String token;
        int offset;
        if (cont.find()) {
            String[] parts = new String(Base64.getUrlDecoder().decode(cont.group(1)), StandardCharsets.UTF_8)
                    .split(":");
            token = parts[0];
            offset = Integer.parseInt(parts[1]);
        } else {
            MockResponse all = super.handleGet(path.replaceAll("([?&])limit=\\d+&?", "$1"));
            token = UUID.randomUUID().toString();
            offset = 0;
            snapshots.put(token, snapshot(all.getBody().readUtf8()));
        }
        Snapshot snapshot = snapshots.get(token);
        int end = Math.min(snapshot.items().size(), offset + pageSize);
        ObjectNode metadata = JSON.createObjectNode().put("resourceVersion", snapshot.resourceVersion());
        if (end < snapshot.items().size()) {
            metadata.put("continue", Base64.getUrlEncoder().encodeToString((token + ":" + end)
                    .getBytes(StandardCharsets.UTF_8)));
            metadata.put("remainingItemCount", snapshot.items().size() - end);
        } else {
            snapshots.remove(token);
        }
        pagedResponses++;
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"" + snapshot.kind() + "\",\"metadata\":" + metadata
                + ",\"items\":[" + String.join(",", snapshot.items().subList(offset, end)) + "]}";
        return new MockResponse().setResponseCode(200).setBody(body);
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
                    case "metadata" -> resourceVersion = JSON.readValue(parser, com.fasterxml.jackson.databind.JsonNode.class).path("resourceVersion").asText();
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
