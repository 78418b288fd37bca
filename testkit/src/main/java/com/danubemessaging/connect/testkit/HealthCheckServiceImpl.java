package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.HealthCheckGrpc;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.HealthCheckResponse.ClientStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** {@code danube.HealthCheck}: CLOSE when the broker no longer holds the producer/consumer as active. */
final class HealthCheckServiceImpl extends HealthCheckGrpc.HealthCheckImplBase {

    private final BrokerCore core;

    HealthCheckServiceImpl(BrokerCore core) {
        this.core = core;
    }

    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
        Calls.unary(observer, () -> {
            boolean ok = switch (request.getClient()) {
                case Producer -> core.producerActive(request.getId());
                case Consumer -> core.consumerActive(request.getId());
                default -> throw Status.INVALID_ARGUMENT.withDescription("unknown client type "
                        + request.getClientValue()).asRuntimeException();
            };
            return HealthCheckResponse.newBuilder().setStatus(ok ? ClientStatus.OK : ClientStatus.CLOSE).build();
        });
    }
}
