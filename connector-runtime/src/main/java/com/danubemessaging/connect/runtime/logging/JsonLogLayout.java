package com.danubemessaging.connect.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object per event on one line: {@code timestamp} (UTC, milliseconds), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then {@code connector} and {@code topic} and any other MDC entry, and
 * {@code exception} (the whole stack trace with its causes, as one string) when there is one. Line breaks inside
 * values are escaped, so a log shipper never sees half an event.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    /** Logger context property naming the connector for events whose thread has no {@code connector} MDC entry. */
    public static final String CONNECTOR_PROPERTY = "danube.connector";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            String connector = mdc.get(LogContext.CONNECTOR);
            if (connector == null && event.getLoggerContextVO() != null) {
                connector = event.getLoggerContextVO().getPropertyMap().get(CONNECTOR_PROPERTY);
            }
            if (connector != null) {
                json.writeStringField(LogContext.CONNECTOR, connector);
            }
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!LogContext.CONNECTOR.equals(entry.getKey()) && !isReserved(entry.getKey())) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log event as JSON", e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    /** An MDC key that would overwrite one of the fixed fields is left out rather than writing a key twice. */
    private static boolean isReserved(String key) {
        return switch (key) {
            case "timestamp", "level", "logger", "thread", "message", "exception" -> true;
            default -> false;
        };
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
