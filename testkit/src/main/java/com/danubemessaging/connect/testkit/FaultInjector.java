package com.danubemessaging.connect.testkit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fails the next N calls of an RPC with a chosen status code. */
final class FaultInjector implements ServerInterceptor {

    private record Fault(int remaining, Status.Code code) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    void failNext(String fullMethodName, int times, Status.Code code) {
        if (times <= 0) {
            faults.remove(fullMethodName);
        } else {
            faults.put(fullMethodName, new Fault(times, code));
        }
    }

    void clear() {
        faults.clear();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Fault[] taken = new Fault[1];
        faults.computeIfPresent(method, (m, fault) -> {
            taken[0] = fault;
            return fault.remaining() > 1 ? new Fault(fault.remaining() - 1, fault.code()) : null;
        });
        if (taken[0] != null) {
            call.close(Status.fromCode(taken[0].code()).withDescription("fault injected by the testkit on " + method),
                    new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
