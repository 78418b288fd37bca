package com.danubemessaging.connect.connectors.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface through the official Java client (client-v2). Only what works against every server
 * from 18.16 on is used: INSERTs in {@code FORMAT JSONEachRow}, DDL, and queries that name a text output format.
 * The client's binary result format (RowBinaryWithNamesAndTypes) and its compressed responses are unknown to
 * 18.16, so results are read as text and response compression is off.
 */
final class ClickHouseServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    private final Client client;
    private final String url;

    ClickHouseServer(ClickHouseSettings settings) {
        this.url = settings.url();
        this.client = new Client.Builder()
                .addEndpoint(settings.url())
                .setUsername(settings.username())
                .setPassword(settings.password())
                .setDefaultDatabase(settings.database())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setConnectTimeout(settings.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(settings.requestTimeout().toMillis(), ChronoUnit.MILLIS)
                // the runtime retries a failed batch with the [retry] back-off; a hidden retry here would only
                // stretch the time before that
                .setMaxRetries(0)
                .build();
    }

    /** The server's {@code version()}, e.g. {@code 18.16.1}. */
    String version() {
        return text("SELECT version()").trim();
    }

    /** Whether {@code system.settings} lists the setting. */
    boolean knowsSetting(String name) {
        return text("SELECT count() FROM system.settings WHERE name = " + Identifiers.literal(name)).trim()
                .equals("1");
    }

    /** The columns of {@code database.table} in table order; empty when the table does not exist. */
    List<TableColumn> columns(String database, String table) {
        String body = text("SELECT name, type, default_kind FROM system.columns WHERE database = "
                + Identifiers.literal(database) + " AND table = " + Identifiers.literal(table), "JSONEachRow");
        List<TableColumn> columns = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode row = JSON.readTree(line);
                columns.add(TableColumn.of(row.get("name").asText(), row.get("type").asText(),
                        row.get("default_kind").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable system.columns row from " + url + ": " + line, e);
            }
        }
        return columns;
    }

    /** Runs a statement without result (DDL, OPTIMIZE). */
    void execute(String sql) {
        call(() -> client.execute(sql), "running " + firstWords(sql));
    }

    /**
     * Inserts {@code rows} (JSON objects, one a line) into {@code sqlTable}.
     *
     * @param deduplicationToken sent as {@code insert_deduplication_token} when present
     */
    void insert(String sqlTable, byte[] rows, Optional<String> deduplicationToken) {
        InsertSettings settings = new InsertSettings();
        deduplicationToken.ifPresent(t -> settings.serverSetting("insert_deduplication_token", t));
        call(() -> client.insert(sqlTable, new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow, settings),
                "INSERT INTO " + sqlTable);
    }

    /** True when the server answers {@code /ping}. */
    boolean ping() {
        return client.ping();
    }

    /** A query's whole result in the text format {@code TabSeparated}. */
    String text(String sql) {
        return text(sql, "TabSeparated");
    }

    private String text(String sql, String format) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.valueOf(format));
        try (QueryResponse response = call(() -> client.query(sql + " FORMAT " + format, settings),
                firstWords(sql))) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClickHouseCallFailed("reading the answer to " + firstWords(sql) + " from " + url + " failed: "
                    + e.getMessage(), ClickHouseCallFailed.NO_SERVER_CODE, 0, e);
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    private <T> T call(Supplier<CompletableFuture<T>> request, String what) {
        try {
            return request.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseCallFailed(what + " was interrupted", ClickHouseCallFailed.NO_SERVER_CODE, 0, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), what);
        } catch (RuntimeException e) {
            throw failure(e, what);
        }
    }

    private ClickHouseCallFailed failure(Throwable e, String what) {
        Throwable server = e;
        while (server != null && !(server instanceof ServerException)) {
            server = server.getCause();
        }
        if (server instanceof ServerException se) {
            return new ClickHouseCallFailed(what + " failed on " + url + ": " + tidy(se.getMessage()),
                    serverCode(se), se.getTransportProtocolCode(), se);
        }
        return new ClickHouseCallFailed(what + " failed, no answer from " + url + ": " + rootMessage(e),
                ClickHouseCallFailed.NO_SERVER_CODE, 0, e);
    }

    /**
     * The client reads the code from the {@code X-ClickHouse-Exception-Code} header, which 18.16 does not send; the
     * body always starts with {@code Code: N}.
     */
    private static int serverCode(ServerException e) {
        if (e.getCode() != ServerException.CODE_UNKNOWN) {
            return e.getCode();
        }
        Matcher code = CODE.matcher(String.valueOf(e.getMessage()));
        return code.find() ? Integer.parseInt(code.group(1)) : ServerException.CODE_UNKNOWN;
    }

    /** 18.16 wraps every message in {@code e.displayText() = … e.what() = DB::Exception}; keep the text. */
    private static String tidy(String message) {
        if (message == null) {
            return "";
        }
        return message.replace("e.displayText() = ", "").replace(", e.what() = DB::Exception", "")
                .replace("\n", " ").trim();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static String firstWords(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…";
    }

    @Override
    public void close() {
        client.close();
    }
}
