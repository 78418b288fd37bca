package com.danubemessaging.connect.connectors.postgrescdc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server of its own (initdb + pg_ctl from the installed PostgreSQL, run as the
 * {@code postgres} OS user), for settings the shared server must not change, such as {@code wal_level = replica}.
 * Needs root (CI runs as root); skipped elsewhere when that is not possible, failing in CI.
 */
final class ScratchPostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    final int port;

    private ScratchPostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** initdb, then start with {@code settings} ({@code -c name=value} each). */
    static ScratchPostgres start(String... settings) {
        Optional<Path> bin = installedBin();
        boolean possible = bin.isPresent() && "root".equals(System.getProperty("user.name"));
        if (!possible) {
            String why = bin.isEmpty() ? "no PostgreSQL server binaries under /usr/lib/postgresql"
                    : "not running as root (initdb must run as the postgres OS user)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("a scratch PostgreSQL is required in CI: " + why);
            }
            assumeTrue(false, "scratch PostgreSQL unavailable: " + why);
        }
        try {
            Path dir = Files.createTempDirectory("scratch-pg");
            run("chown", "postgres", dir.toString());
            ScratchPostgres pg = new ScratchPostgres(dir, bin.get(), freePort());
            pg.asPostgres(pg.bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync");
            List<String> options = new ArrayList<>(List.of("-p", Integer.toString(pg.port), "-k", dir.toString(),
                    "-c", "listen_addresses=127.0.0.1"));
            for (String setting : settings) {
                options.add("-c");
                options.add(setting);
            }
            pg.asPostgres(pg.bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                    dir.resolve("log").toString(), "-w", "-o", String.join(" ", options), "start");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> installedBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "stop");
        } finally {
            run("rm", "-rf", dir.toString());
        }
    }
}
