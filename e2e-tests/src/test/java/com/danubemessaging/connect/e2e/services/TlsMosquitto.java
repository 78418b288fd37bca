package com.danubemessaging.connect.e2e.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.danubemessaging.connect.e2e.node.HostCommands;
import com.danubemessaging.connect.testkit.TestCertificates;

/**
 * A private Mosquitto (the machine's own binary) configured as examples/source-mqtt.yaml expects its broker: TLS on
 * the Service address with a certificate of our test CA, and password authentication (no anonymous clients). A
 * second, plain listener on 127.0.0.1 serves the test's publisher. The machine's shared Mosquitto (127.0.0.1:1883,
 * anonymous, plain) cannot serve the example unchanged, and its configuration is not ours to change.
 */
public final class TlsMosquitto implements AutoCloseable {
    private final Process process;
    private final int tlsPort;
    private final int plainPort;
    private final Path log;

    private TlsMosquitto(Process process, int tlsPort, int plainPort, Path log) {
        this.process = process;
        this.tlsPort = tlsPort;
        this.plainPort = plainPort;
        this.log = log;
    }

    /** Starts Mosquitto with one user; the TLS listener on {@code serviceIp} presents {@code certificates}. */
    public static TlsMosquitto start(Path dir, String serviceIp, TestCertificates certificates, String user,
                                     String password) {
        String mosquitto = HostCommands.which("mosquitto");
        try {
            Files.createDirectories(dir);
            Path passwords = dir.resolve("passwords");
            HostCommands.run(HostCommands.which("mosquitto_passwd"), "-c", "-b", passwords.toString(), user, password);
            int tlsPort = freePort();
            int plainPort = freePort();
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, String.join("\n",
                    "per_listener_settings false",
                    "allow_anonymous false",
                    "password_file " + passwords,
                    "persistence false",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "max_inflight_messages 1000",
                    "max_queued_messages 100000",
                    "listener " + tlsPort + " " + serviceIp,
                    "cafile " + certificates.caCert(),
                    "certfile " + certificates.serverCert(),
                    "keyfile " + certificates.serverKey(),
                    "listener " + plainPort + " 127.0.0.1",
                    ""));
            Path log = dir.resolve("mosquitto.log");
            Process process = new ProcessBuilder(List.of(mosquitto, "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TlsMosquitto broker = new TlsMosquitto(process, tlsPort, plainPort, log);
            broker.awaitListening(serviceIp, tlsPort);
            broker.awaitListening("127.0.0.1", plainPort);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Mosquitto in " + dir, e);
        }
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** The plain listener on 127.0.0.1 for the test's own clients. */
    public int plainPort() {
        return plainPort;
    }

    private void awaitListening(String host, int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Mosquitto does not listen on " + host + ":" + port + ": "
                + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
