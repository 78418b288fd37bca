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
    private final Rbac rbac;

    ProducerServiceImpl(BrokerCore core, Rbac rbac) {
        this.core = core;
        this.rbac = rbac;
    }

    @Override
    public void createProducer(ProducerRequest request, StreamObserver<ProducerResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.topic(request.getTopicName()), Permission.PRODUCE);
            ProducerEntry producer = core.createProducer(request);
            return ProducerResponse.newBuilder().setRequestId(request.getRequestId())
                    .setProducerId(producer.id).setProducerName(producer.name).build();
        });
    }

    @Override
    public void sendMessage(StreamMessage request, StreamObserver<MessageResponse> observer) {
        Calls.unary(observer, () -> {
            if (request.hasMsgId()) {
                rbac.enforce(Rbac.Resource.topic(request.getMsgId().getTopicName()), Permission.PRODUCE);
            }
            core.send(request);
            return MessageResponse.newBuilder().setRequestId(request.getRequestId()).build();
        });
    }
}
