package com.danubemessaging.connect.testkit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Proxy mode: behaves like the Envoy in front of Danube brokers (danube_helm {@code charts/danube-envoy}
 * {@code templates/configmap.yaml}). A call carrying {@code x-danube-broker-url} goes through the dynamic forward
 * proxy to the broker it names, so a header naming another broker cannot be routed here (UNAVAILABLE). A call
 * without the header goes round-robin to any broker; with this single broker it arrives, and is only counted.
 */
final class ProxyHeaderCheck implements ServerInterceptor {

    static final Metadata.Key<String> BROKER_URL_HEADER =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> ROUTED_SERVICES =
            Set.of("danube.ProducerService", "danube.ConsumerService", "danube.HealthCheck");

    private final Supplier<String> brokerUrl;
    private final AtomicLong headerless = new AtomicLong();
    private final AtomicLong misrouted = new AtomicLong();

    ProxyHeaderCheck(Supplier<String> brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (ROUTED_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            String value = headers.get(BROKER_URL_HEADER);
            String expected = brokerUrl.get();
            if (value == null) {
                headerless.incrementAndGet();
            } else if (!expected.equals(value)) {
                misrouted.incrementAndGet();
                call.close(Status.UNAVAILABLE.withDescription("proxy cannot route the call: header "
                        + "x-danube-broker-url is '" + value + "', expected '" + expected + "'"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }
        return next.startCall(call, headers);
    }

    /** Producer, consumer and health-check calls that arrived without the routing header. */
    long headerlessCount() {
        return headerless.get();
    }

    /** Calls refused because their routing header named another broker. */
    long misroutedCount() {
        return misrouted.get();
    }
}
