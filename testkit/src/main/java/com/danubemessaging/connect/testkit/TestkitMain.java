package com.danubemessaging.connect.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone test broker:
 * {@code java -jar danube-testkit.jar [--port 6650] [--host 0.0.0.0] [--advertised-host H]
 * [--auth-jwt-secret S [--super-admin NAME …]] [--tls-dir D] [--namespace ns …] [--proxy-broker-url URL]
 * [--max-unacked N]}. With a JWT secret RBAC is default-deny, as upstream: only super-admins may do anything.
 * Prints the URL it listens on; SIGTERM/SIGINT stop it cleanly.
 */
public final class TestkitMain {

    private TestkitMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DanubeTestBroker broker;
        try {
            broker = parse(args).build();
        } catch (IllegalArgumentException e) {
            System.err.println("danube-testkit: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.out.println("Danube testkit broker stopped");
            stopped.countDown();
        }, "danube-testkit-shutdown"));
        broker.start();
        System.out.println("Danube testkit broker listening on " + broker.serviceUrl());
        System.out.flush();
        stopped.await();
    }

    static DanubeTestBroker.Builder parse(String[] args) {
        DanubeTestBroker.Builder builder = DanubeTestBroker.builder().port(6650);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> builder.port(parsePort(value(args, ++i, arg)));
                case "--host" -> builder.host(value(args, ++i, arg));
                case "--advertised-host" -> builder.advertisedHost(value(args, ++i, arg));
                case "--auth-jwt-secret" -> builder.jwtSecret(value(args, ++i, arg));
                case "--super-admin" -> builder.superAdmin(value(args, ++i, arg));
                case "--tls-dir" -> builder.tls(tlsFiles(Path.of(value(args, ++i, arg))));
                case "--namespace" -> {
                    builder.namespace(value(args, ++i, arg));
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        builder.namespace(args[++i]);
                    }
                }
                case "--proxy-broker-url" -> builder.proxyMode(true).proxyBrokerUrl(value(args, ++i, arg));
                case "--max-unacked" -> builder.maxUnackedMessages(parseInt(value(args, ++i, arg), arg));
                case "--help", "-h" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return builder;
    }

    /** Uses server.pem/server.key from the folder, or generates a CA and server certificate into it. */
    private static TestCertificates tlsFiles(Path dir) {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        if (Files.isReadable(cert) && Files.isReadable(key)) {
            return new TestCertificates(dir, dir.resolve("ca.pem"), cert, key);
        }
        TestCertificates generated = TestCertificates.generate(dir);
        System.out.println("Generated a test CA and server certificate; clients should trust " + generated.caCert());
        return generated;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String value) {
        return parseInt(value, "--port");
    }

    private static int parseInt(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }

    static String usage() {
        return "usage: java -jar danube-testkit.jar [--port 6650] [--host 127.0.0.1] [--advertised-host H]"
                + " [--auth-jwt-secret SECRET [--super-admin NAME ...]] [--tls-dir DIR] [--namespace NS ...] [--proxy-broker-url URL]"
                + " [--max-unacked N]";
    }
}
