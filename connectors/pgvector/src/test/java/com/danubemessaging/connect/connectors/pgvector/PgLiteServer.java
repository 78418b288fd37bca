package com.danubemessaging.connect.connectors.pgvector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real pgvector for the tests: PGlite (PostgreSQL compiled to WASM, with its pgvector extension) served on a free
 * port of 127.0.0.1 by {@code pglite-server.mjs} under Node.js. The npm packages are pinned by the
 * {@code package.json} and {@code package-lock.json} under {@code src/test/resources/pglite} and installed with
 * {@code npm ci} into {@code target/pglite} the first time a test needs them (again only when the lock file
 * changes; npm's cache keeps later installs off the network). When Node.js, the install or the server fails, the
 * test fails in CI ({@code CI=true}) and is skipped with the reason elsewhere.
 *
 * <p>PGlite is a single PostgreSQL session: the sink keeps its pool of one connection, and the checks here open a
 * short connection of their own with the simple query protocol, at moments when the sink is not writing (the test's
 * own thread drives the sink, or every message was acknowledged).
 */
public final class PgLiteServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("PGLITE READY port=(\\d+) postgres=(\\S+) pgvector=(\\S+)");
    private static final long INSTALL_TIMEOUT_S = 600;
    private static final long START_TIMEOUT_S = 240;
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "pglite-server.mjs");

    private final Path home;
    private final Path dataDir;
    private final int port;
    private Process process;
    private final Deque<String> output = new ArrayDeque<>();
    private String postgresVersion;
    private String pgvectorVersion;

    private PgLiteServer(Path home, Path dataDir, int port) {
        this.home = home;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** An in-memory database on a free port. */
    public static PgLiteServer start() {
        return start(false);
    }

    /**
     * @param persistent keep the database in a directory under {@code target/pglite/data}, so that it survives
     *                   {@link #kill} and {@link #restart}
     */
    public static PgLiteServer start(boolean persistent) {
        Path home = install();
        Path data = null;
        if (persistent) {
            data = home.resolve("data").resolve(UUID.randomUUID().toString());
            try {
                Files.createDirectories(data.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        PgLiteServer server = new PgLiteServer(home, data, freePort());
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the database, as the sink's {@code url}. */
    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    /**
     * The JDBC URL of this database reached through {@code viaPort} (e.g. a proxy). Every connection shares PGlite's
     * one backend session, so pgjdbc's named server-side statements ({@code S_1}, ...) of one connection would
     * collide with those of the next: {@code prepareThreshold=0} keeps to unnamed ones. (A real PostgreSQL has a
     * session per connection and needs no such setting.)
     */
    public static String jdbcUrl(int viaPort) {
        return "jdbc:postgresql://127.0.0.1:" + viaPort + "/postgres?sslmode=disable&prepareThreshold=0";
    }

    /** {@code server_version}, e.g. 18.6. */
    public String postgresVersion() {
        return postgresVersion;
    }

    /** The pgvector version PGlite carries, e.g. 0.8.7. */
    public String pgvectorVersion() {
        return pgvectorVersion;
    }

    /** Stops the server the hard way (SIGKILL), mid-whatever it was doing. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server again on the same port (and the same data directory, when persistent). */
    public void restart() {
        launch();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        kill();
        if (dataDir != null) {
            deleteTree(dataDir);
        }
    }

    /** A connection of the test's own, with the simple query protocol (one message per statement). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + "&preferQueryMode=simple", "postgres", "");
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PGlite: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row of {@code sql} as column label → value. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("PGlite: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> column(String sql) {
        return query(sql).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    /**
     * The plan PostgreSQL picks for {@code query} when it may not scan the table sequentially (rolled back: a
     * session-level SET would reach the sink too, which shares PGlite's one session).
     */
    public String indexPlan(String query) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off");
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                return String.join("\n", lines);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PGlite: EXPLAIN " + query + ": " + e.getMessage(), e);
        }
    }

    /** A table name no other test uses. */
    public static String uniqueTable(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("node", "pglite-server.mjs", Integer.toString(port)));
        if (dataDir != null) {
            command.add(dataDir.toString());
        }
        Process p;
        try {
            p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            unavailable("cannot run node (Node.js 20 or later must be on the PATH): " + e.getMessage());
            return;
        }
        process = p;
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(p.getInputStream(), ready), "pglite-output-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher m = ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            postgresVersion = m.group(2);
            pgvectorVersion = m.group(3);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            unavailable("PGlite did not start on port " + port + " within " + START_TIMEOUT_S + " s; its output: "
                    + lastOutput());
        } catch (java.util.concurrent.ExecutionException e) {
            unavailable("PGlite exited before it served port " + port + "; its output: " + lastOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private void readOutput(InputStream in, CompletableFuture<Matcher> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > 40) {
                        output.removeFirst();
                    }
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(m);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("PGlite exited"));
    }

    private String lastOutput() {
        synchronized (output) {
            return output.isEmpty() ? "(none)" : String.join("\n", output);
        }
    }

    /** The npm project under target/pglite, installed with npm ci when missing or when its lock file changed. */
    private static synchronized Path install() {
        Path home = Path.of("target", "pglite").toAbsolutePath();
        try {
            Files.createDirectories(home);
            try (FileChannel lockFile = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                for (String file : FILES) {
                    try (InputStream in = PgLiteServer.class.getResourceAsStream("/pglite/" + file)) {
                        if (in == null) {
                            throw new IllegalStateException("test resource /pglite/" + file + " is missing");
                        }
                        Files.write(home.resolve(file), in.readAllBytes());
                    }
                }
                Path stamp = home.resolve("node_modules").resolve(".installed-from-lock");
                String lockText = Files.readString(home.resolve("package-lock.json"));
                if (Files.exists(stamp) && Files.readString(stamp).equals(lockText)) {
                    return home;
                }
                npmCi(home);
                Files.writeString(stamp, lockText);
            }
        } catch (IOException e) {
            unavailable("cannot prepare " + home + ": " + e.getMessage());
        }
        return home;
    }

    private static void npmCi(Path home) throws IOException {
        Path log = home.resolve("npm-ci.log");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            unavailable("cannot run npm (Node.js 20 and npm must be on the PATH): " + e.getMessage());
            return;
        }
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT_S, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                unavailable("npm ci in " + home + " took longer than " + INSTALL_TIMEOUT_S + " s: "
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (npm.exitValue() != 0) {
            unavailable("npm ci in " + home + " failed with exit code " + npm.exitValue() + ": "
                    + Files.readString(log));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails in CI, skips elsewhere. */
    private static void unavailable(String reason) {
        String message = "PGlite with pgvector is not available: " + reason;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI needs Node.js 20 and the npm registry)");
        }
        Assumptions.abort(message + "; skipped outside CI");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: target/ is cleaned by the build anyway
        }
    }
}
