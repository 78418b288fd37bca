package com.danubemessaging.connect.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests against a real server on this machine (ClickHouse, PostgreSQL, …) call {@link #require} first: when the
 * server is not listening the test fails in CI ({@code CI=true}, where {@code .ci/run} starts every server) and is
 * skipped with the reason elsewhere.
 */
public final class LocalServers {
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private LocalServers() {
    }

    /**
     * @param name      what the server is, for the message
     * @param startHint how to start it, for the message
     */
    public static void require(String name, String host, int port, String startHint) {
        if (listening(host, port)) {
            return;
        }
        String message = name + " is not listening on " + host + ":" + port + " (" + startHint + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must run it (.ci/run starts it)");
        }
        Assumptions.abort(message + "; skipped outside CI");
    }

    /** True when a TCP connection to {@code host:port} opens. */
    public static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
