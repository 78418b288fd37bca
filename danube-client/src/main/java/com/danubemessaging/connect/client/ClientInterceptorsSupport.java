package com.danubemessaging.connect.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The interceptors every Danube channel gets: bearer token, and connectivity tracking for readiness. */
final class ClientInterceptorsSupport {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> BROKER_URL =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);

    private ClientInterceptorsSupport() {
    }

    /** Adds {@code authorization: Bearer <token>} to every call when a token is configured. */
    static ClientInterceptor bearerToken(TokenSource tokens) {
        return headerInterceptor(AUTHORIZATION, () -> {
            String token = tokens.token();
            return token == null || token.isEmpty() ? null : "Bearer " + token;
        });
    }

    /** Adds {@code x-danube-broker-url} so a proxy can route the call to the owning broker. */
    static ClientInterceptor brokerUrlHeader(String brokerUrl) {
        return headerInterceptor(BROKER_URL, () -> brokerUrl);
    }

    /** Records whether the broker answered the last call (any status but UNAVAILABLE/UNAUTHENTICATED/timeout). */
    static ClientInterceptor connectivity(AtomicBoolean connected) {
        return new OnStart() {
            @Override
            <R> ClientCall.Listener<R> start(ClientCall.Listener<R> listener, Metadata headers) {
                return new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        switch (status.getCode()) {
                            case UNAVAILABLE, UNAUTHENTICATED, DEADLINE_EXCEEDED -> connected.set(false);
                            case CANCELLED -> { /* our own cancellation says nothing about the broker */ }
                            default -> connected.set(true);
                        }
                        super.onClose(status, trailers);
                    }
                };
            }
        };
    }

    private static ClientInterceptor headerInterceptor(Metadata.Key<String> key, Supplier<String> value) {
        return new OnStart() {
            @Override
            <R> ClientCall.Listener<R> start(ClientCall.Listener<R> listener, Metadata headers) {
                String v = value.get();
                if (v != null) {
                    headers.put(key, v);
                }
                return listener;
            }
        };
    }

    /** An interceptor that acts when a call starts: it may add headers and wrap the response listener. */
    private abstract static class OnStart implements ClientInterceptor {

        abstract <R> ClientCall.Listener<R> start(ClientCall.Listener<R> listener, Metadata headers);

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                     Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(OnStart.this.start(listener, headers), headers);
                }
            };
        }
    }
}
