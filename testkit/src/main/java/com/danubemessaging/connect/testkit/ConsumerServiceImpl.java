package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.AckRequest;
import com.danubemessaging.connect.proto.AckResponse;
import com.danubemessaging.connect.proto.ConsumerRequest;
import com.danubemessaging.connect.proto.ConsumerResponse;
import com.danubemessaging.connect.proto.ConsumerServiceGrpc;
import com.danubemessaging.connect.proto.NackRequest;
import com.danubemessaging.connect.proto.NackResponse;
import com.danubemessaging.connect.proto.ReceiveRequest;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** {@code danube.ConsumerService}. */
final class ConsumerServiceImpl extends ConsumerServiceGrpc.ConsumerServiceImplBase {

    private final BrokerCore core;
    private final Rbac rbac;

    ConsumerServiceImpl(BrokerCore core, Rbac rbac) {
        this.core = core;
        this.rbac = rbac;
    }

    @Override
    public void subscribe(ConsumerRequest request, StreamObserver<ConsumerResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.topic(request.getTopicName()), Permission.CONSUME);
            ConsumerEntry consumer = core.subscribe(request);
            return ConsumerResponse.newBuilder().setRequestId(request.getRequestId())
                    .setConsumerId(consumer.id).setConsumerName(consumer.name).build();
        });
    }

    @Override
    public void receiveMessages(ReceiveRequest request, StreamObserver<StreamMessage> observer) {
        try {
            // ReceiveMessages, Ack and Nack need Consume on the cluster, not on the topic (consumer_handler.rs).
            rbac.enforce(Rbac.Resource.CLUSTER, Permission.CONSUME);
            core.openStream(request.getConsumerId(), (ServerCallStreamObserver<StreamMessage>) observer);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        }
    }

    @Override
    public void ack(AckRequest request, StreamObserver<AckResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.CLUSTER, Permission.CONSUME);
            core.ack(request.getMsgId(), request.getSubscriptionName());
            return AckResponse.newBuilder().setRequestId(request.getRequestId()).build();
        });
    }

    @Override
    public void nack(NackRequest request, StreamObserver<NackResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.CLUSTER, Permission.CONSUME);
            core.nack(request.getMsgId(), request.getSubscriptionName(),
                    request.hasDelayMs() ? request.getDelayMs() : null,
                    request.hasReason() ? request.getReason() : null);
            return NackResponse.newBuilder().setRequestId(request.getRequestId()).build();
        });
    }
}
