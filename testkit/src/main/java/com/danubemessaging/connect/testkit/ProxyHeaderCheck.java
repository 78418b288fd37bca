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
 * Proxy mode: behaves like Envoy's dynamic forward proxy, which can only route producer, consumer and
 * health-check calls that carry {@code x-danube-broker-url} naming the broker from the lookup.
 */
final class ProxyHeaderCheck implements ServerInterceptor {

    static final Metadata.Key<String> BROKER_URL_HEADER =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> ROUTED_SERVICES =
            Set.of("danube.ProducerService", "danube.ConsumerService", "danube.HealthCheck");

    private final Supplier<String> brokerUrl;
    private final AtomicLong unrouted = new AtomicLong();

    ProxyHeaderCheck(Supplier<String> brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (ROUTED_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            String value = headers.get(BROKER_URL_HEADER);
            String expected = brokerUrl.get();
            if (!expected.equals(value)) {
                unrouted.incrementAndGet();
                call.close(Status.UNAVAILABLE.withDescription("proxy cannot route the call: header "
                        + "x-danube-broker-url is " + (value == null ? "missing" : "'" + value + "'")
                        + ", expected '" + expected + "'"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }
        return next.startCall(call, headers);
    }

    /** How many calls were refused because the routing header was missing or named another broker. */
    long unroutedCount() {
        return unrouted.get();
    }
}
