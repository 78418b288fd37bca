package com.danubemessaging.connect.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a unary handler and turns its outcome into exactly one response or one status. */
final class Calls {

    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    private Calls() {
    }

    static <T> void unary(StreamObserver<T> observer, Supplier<T> handler) {
        T response;
        try {
            response = handler.get();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("testkit handler failed", e);
            observer.onError(Status.INTERNAL.withDescription("testkit broker error: " + e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
