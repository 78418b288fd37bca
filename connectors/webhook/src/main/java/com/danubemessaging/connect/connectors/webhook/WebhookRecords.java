package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.connectors.common.RecordPayloads;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a webhook request into its route's record: the body as {@link RecordPayloads} maps it, and upstream's
 * attributes {@code webhook.source} (connector name), {@code webhook.endpoint}, {@code webhook.timestamp}
 * (RFC 3339), {@code webhook.ip}, {@code webhook.user_agent} and {@code webhook.content_type}.
 */
final class WebhookRecords {
    private final RecordPayloads payloads;
    private final String connectorName;

    WebhookRecords(RecordPayloads payloads, String connectorName) {
        this.payloads = payloads;
        this.connectorName = connectorName;
    }

    SourceRecord toRecord(WebhookSettings.Route route, byte[] body, Function<String, String> header, String clientIp) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("webhook.source", connectorName);
        attributes.put("webhook.endpoint", route.from());
        attributes.put("webhook.timestamp",
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        if (clientIp != null) {
            attributes.put("webhook.ip", clientIp);
        }
        String userAgent = header.apply("user-agent");
        if (userAgent != null) {
            attributes.put("webhook.user_agent", userAgent);
        }
        String contentType = header.apply("content-type");
        if (contentType != null) {
            attributes.put("webhook.content_type", contentType);
        }
        return payloads.toRecord(route.to(), body).withAttributes(attributes);
    }

    /**
     * The client's address as upstream reads it: the first entry of {@code X-Forwarded-For}, then
     * {@code X-Real-IP}, and (new here) the connection's remote address when neither header is there.
     */
    static String clientIp(Function<String, String> header, String remoteAddress) {
        String forwarded = header.apply("x-forwarded-for");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        String realIp = header.apply("x-real-ip");
        if (realIp != null && !realIp.isBlank()) {
            return realIp.trim();
        }
        return remoteAddress;
    }
}
