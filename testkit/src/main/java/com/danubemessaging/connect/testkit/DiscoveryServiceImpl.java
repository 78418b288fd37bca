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
    private final Rbac rbac;

    DiscoveryServiceImpl(BrokerCore core, Rbac rbac, Supplier<String> connectUrl, Supplier<String> brokerUrl,
                         boolean proxy) {
        this.core = core;
        this.rbac = rbac;
        this.connectUrl = connectUrl;
        this.brokerUrl = brokerUrl;
        this.proxy = proxy;
    }

    @Override
    public void topicLookup(TopicLookupRequest request, StreamObserver<TopicLookupResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.topic(request.getTopic()), Permission.LOOKUP);
            TopicNames.validate(request.getTopic());
            if (!core.topicExists(request.getTopic())) {
                throw Status.NOT_FOUND.withDescription("Unable to find the requested topic: "
                        + request.getTopic()).asRuntimeException();
            }
            return TopicLookupResponse.newBuilder().setRequestId(request.getRequestId())
                    .setResponseType(TopicLookupResponse.LookupType.Connect)
                    .setConnectUrl(connectUrl.get()).setBrokerUrl(brokerUrl.get()).setProxy(proxy).build();
        });
    }

    @Override
    public void topicPartitions(TopicLookupRequest request, StreamObserver<TopicPartitionsResponse> observer) {
        Calls.unary(observer, () -> {
            rbac.enforce(Rbac.Resource.topic(request.getTopic()), Permission.LOOKUP);
            return TopicPartitionsResponse.newBuilder().setRequestId(request.getRequestId())
                    .addAllPartitions(core.partitions(request.getTopic())).build();
        });
    }
}
