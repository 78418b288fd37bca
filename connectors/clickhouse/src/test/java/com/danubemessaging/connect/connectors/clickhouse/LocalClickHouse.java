package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.testkit.LocalServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ClickHouse server of this machine (Debian's clickhouse-server 18.16 on 127.0.0.1:8123, started by
 * {@code .ci/run}), seen through plain HTTP so that tests check what the server holds independently of the client
 * the sink uses.
 */
public final class LocalClickHouse {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 8123;
    public static final String URL = "http://" + HOST + ":" + PORT;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalClickHouse() {
    }

    /** Fails in CI, skips elsewhere, when the server is not running. */
    public static void require() {
        LocalServers.require("ClickHouse", HOST, PORT, "su -s /bin/sh clickhouse -c 'clickhouse-server"
                + " --config-file=/etc/clickhouse-server/config.xml --daemon'");
    }

    /** A table name no other test run uses. */
    public static String uniqueTable(String prefix) {
        return prefix + "_" + Long.toString(System.currentTimeMillis(), 36) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    /** Runs {@code sql} and returns the body. @throws IllegalStateException with the server's message on an error */
    public static String query(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to " + sql + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse query failed: " + sql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A single number result, e.g. of {@code SELECT count() FROM t}. */
    public static long number(String sql) {
        return Long.parseLong(query(sql).trim());
    }

    public static void drop(String table) {
        query("DROP TABLE IF EXISTS default." + table);
    }
}
