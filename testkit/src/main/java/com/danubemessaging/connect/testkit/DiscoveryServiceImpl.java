package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.DiscoveryGrpc;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import com.danubemessaging.connect.proto.TopicLookupResponse;
import com.danubemessaging.connect.proto.TopicPartitionsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** {@code danube.Discovery}: this single broker owns every topic it has. */
final class DiscoveryServiceImpl extends DiscoveryGrpc.DiscoveryImplBase {

    private final BrokerCore core;
    private final Supplier<String> connectUrl;
    private final Supplier<String> brokerUrl;
    private final boolean proxy;

    DiscoveryServiceImpl(BrokerCore core, Supplier<String> connectUrl, Supplier<String> brokerUrl, boolean proxy) {
        this.core = core;
        this.connectUrl = connectUrl;
        this.brokerUrl = brokerUrl;
        this.proxy = proxy;
    }

    @Override
    public void topicLookup(TopicLookupRequest request, StreamObserver<TopicLookupResponse> observer) {
        Calls.unary(observer, () -> {
            TopicNames.validate(request.getTopic());
            if (!core.topicExists(request.getTopic())) {
                throw Status.NOT_FOUND.withDescription("Topic " + request.getTopic()
                        + " is not served by any broker").asRuntimeException();
            }
            return TopicLookupResponse.newBuilder().setRequestId(request.getRequestId())
                    .setResponseType(TopicLookupResponse.LookupType.Connect)
                    .setConnectUrl(connectUrl.get()).setBrokerUrl(brokerUrl.get()).setProxy(proxy).build();
        });
    }

    @Override
    public void topicPartitions(TopicLookupRequest request, StreamObserver<TopicPartitionsResponse> observer) {
        Calls.unary(observer, () -> TopicPartitionsResponse.newBuilder().setRequestId(request.getRequestId())
                .addAllPartitions(core.partitions(request.getTopic())).build());
    }
}
