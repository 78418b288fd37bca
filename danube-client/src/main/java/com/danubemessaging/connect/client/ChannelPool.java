package com.danubemessaging.connect.client;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One gRPC channel per broker URL, shared by all producers and consumers of a client. */
final class ChannelPool implements AutoCloseable {

    private static final int DEFAULT_PORT = 6650;
    private static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;

    private final boolean tls;
    private final Path caFile;
    private final Path certFile;
    private final Path keyFile;
    private final List<ClientInterceptor> interceptors;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /**
     * The channel of each URL as given. Every RPC asks for its channel by URL; normalizing it means parsing a URI,
     * which the runtime benchmark's profile showed at about 4 % of all CPU samples (docs/benchmarks.md), so each
     * spelling is parsed once.
     */
    private final Map<String, ManagedChannel> byUrl = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ChannelPool(boolean tls, Path caFile, Path certFile, Path keyFile, List<ClientInterceptor> interceptors) {
        this.tls = tls;
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.interceptors = List.copyOf(interceptors);
    }

    ManagedChannel channelFor(String url) {
        if (closed) {
            throw new DanubeClientException(Status.Code.CANCELLED, "Danube client is closed");
        }
        ManagedChannel known = byUrl.get(url);
        if (known != null) {
            return known;
        }
        return byUrl.computeIfAbsent(url, u -> channels.computeIfAbsent(normalize(u), this::open));
    }

    static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "http://" + url);
        } catch (IllegalArgumentException e) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Invalid Danube URL '" + url + "': "
                    + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Invalid Danube URL '" + url
                    + "': expected http://host:port or https://host:port");
        }
        return uri;
    }

    private static String normalize(String url) {
        URI uri = parse(url);
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return uri.getHost() + ":" + port;
    }

    private ManagedChannel open(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return Grpc.newChannelBuilderForAddress(host, port, credentials())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .intercept(interceptors)
                .build();
    }

    private ChannelCredentials credentials() {
        if (!tls) {
            return InsecureChannelCredentials.create();
        }
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
            if (caFile != null) {
                builder.trustManager(caFile.toFile());
            }
            if (certFile != null) {
                builder.keyManager(certFile.toFile(), keyFile.toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT,
                    "Cannot read TLS files (CA " + caFile + ", cert " + certFile + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
        byUrl.clear();
    }
}
