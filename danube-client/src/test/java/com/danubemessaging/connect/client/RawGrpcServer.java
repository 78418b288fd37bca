package com.danubemessaging.connect.client;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A gRPC server on loopback whose methods take and return raw bytes, so tests see exactly what the client put on
 * the wire (and the headers that came with it).
 */
final class RawGrpcServer implements AutoCloseable {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** A captured call: request bytes and request headers. */
    record Captured(byte[] request, Metadata headers) {
    }

    private final Map<String, List<Captured>> calls = new ConcurrentHashMap<>();
    private final Map<String, ServerServiceDefinition.Builder> services = new ConcurrentHashMap<>();
    private static final io.grpc.Context.Key<Metadata> HEADERS = io.grpc.Context.key("headers");
    private Server server;

    RawGrpcServer unary(String fullMethod, Function<byte[], byte[]> responder) {
        String service = fullMethod.substring(0, fullMethod.indexOf('/'));
        services.computeIfAbsent(service, ServerServiceDefinition::builder).addMethod(
                method(fullMethod, MethodDescriptor.MethodType.UNARY),
                ServerCalls.asyncUnaryCall((request, observer) -> {
                    record(fullMethod, request);
                    observer.onNext(responder.apply(request));
                    observer.onCompleted();
                }));
        return this;
    }

    RawGrpcServer serverStreaming(String fullMethod, BiConsumer<byte[], StreamObserver<byte[]>> handler) {
        String service = fullMethod.substring(0, fullMethod.indexOf('/'));
        services.computeIfAbsent(service, ServerServiceDefinition::builder).addMethod(
                method(fullMethod, MethodDescriptor.MethodType.SERVER_STREAMING),
                ServerCalls.asyncServerStreamingCall((request, observer) -> {
                    record(fullMethod, request);
                    handler.accept(request, observer);
                }));
        return this;
    }

    RawGrpcServer start() throws IOException {
        ServerInterceptor captureHeaders = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                io.grpc.Context context = io.grpc.Context.current().withValue(HEADERS, headers);
                return io.grpc.Contexts.interceptCall(context, call, headers, next);
            }
        };
        var builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        services.values().forEach(s -> builder.addService(ServerInterceptors.intercept(s.build(), captureHeaders)));
        server = builder.build().start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    List<Captured> calls(String fullMethod) {
        return calls.getOrDefault(fullMethod, List.of());
    }

    private void record(String fullMethod, byte[] request) {
        calls.computeIfAbsent(fullMethod, m -> new CopyOnWriteArrayList<>())
                .add(new Captured(request, HEADERS.get()));
    }

    private static MethodDescriptor<byte[], byte[]> method(String fullMethod, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(fullMethod)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
