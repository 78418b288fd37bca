package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.MessageResponse;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.ProducerResponse;
import com.danubemessaging.connect.proto.ProducerServiceGrpc;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.stub.StreamObserver;

/** {@code danube.ProducerService}. */
final class ProducerServiceImpl extends ProducerServiceGrpc.ProducerServiceImplBase {

    private final BrokerCore core;

    ProducerServiceImpl(BrokerCore core) {
        this.core = core;
    }

    @Override
    public void createProducer(ProducerRequest request, StreamObserver<ProducerResponse> observer) {
        Calls.unary(observer, () -> {
            ProducerEntry producer = core.createProducer(request);
            return ProducerResponse.newBuilder().setRequestId(request.getRequestId())
                    .setProducerId(producer.id).setProducerName(producer.name).build();
        });
    }

    @Override
    public void sendMessage(StreamMessage request, StreamObserver<MessageResponse> observer) {
        Calls.unary(observer, () -> {
            core.send(request);
            return MessageResponse.newBuilder().setRequestId(request.getRequestId()).build();
        });
    }
}
