package com.danubemessaging.connect.testkit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts calls per RPC and keeps the last request metadata, so tests can assert on what clients sent. */
final class CallRecorder implements ServerInterceptor {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Metadata> lastHeaders = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        counts.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
        Metadata copy = new Metadata();
        copy.merge(headers);
        lastHeaders.put(method, copy);
        return next.startCall(call, headers);
    }

    long count(String fullMethodName) {
        AtomicLong count = counts.get(fullMethodName);
        return count == null ? 0 : count.get();
    }

    Metadata lastHeaders(String fullMethodName) {
        Metadata headers = lastHeaders.get(fullMethodName);
        if (headers == null) {
            return null;
        }
        Metadata copy = new Metadata();
        copy.merge(headers);
        return copy;
    }

    void reset() {
        counts.clear();
        lastHeaders.clear();
    }
}
