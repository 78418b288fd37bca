package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.AckRequest;
import com.danubemessaging.connect.proto.AckResponse;
import com.danubemessaging.connect.proto.ConsumerRequest;
import com.danubemessaging.connect.proto.ConsumerResponse;
import com.danubemessaging.connect.proto.ConsumerServiceGrpc;
import com.danubemessaging.connect.proto.DiscoveryGrpc;
import com.danubemessaging.connect.proto.HealthCheckGrpc;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.MessageResponse;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.ProducerResponse;
import com.danubemessaging.connect.proto.ProducerServiceGrpc;
import com.danubemessaging.connect.proto.ReceiveRequest;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import com.danubemessaging.connect.proto.TopicPartitionsResponse;
import com.danubemessaging.connect.proto.schema.GetLatestSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.SchemaRegistryGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * A broker double for unit tests whose answers are scripted per call number. It runs on loopback with a direct
 * executor, so calls are handled in the order they arrive on the connection.
 */
final class ScriptedBroker implements AutoCloseable {

    final AtomicInteger creates = new AtomicInteger();
    final List<ProducerRequest> createRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger sendCalls = new AtomicInteger();
    final List<StreamMessage> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger healthChecks = new AtomicInteger();
    final AtomicInteger partitionCalls = new AtomicInteger();
    final AtomicInteger subscribes = new AtomicInteger();
    final AtomicInteger streams = new AtomicInteger();
    final List<AckRequest> acks = new CopyOnWriteArrayList<>();

    volatile IntFunction<Status> createOutcome = i -> null;
    volatile IntFunction<Status> sendOutcome = i -> null;
    volatile IntFunction<HealthCheckResponse.ClientStatus> healthOutcome = i -> HealthCheckResponse.ClientStatus.OK;
    volatile IntFunction<List<String>> partitions = i -> List.of();
    /** Called with the stream number (0-based) and the server side of each ReceiveMessages stream. */
    volatile BiConsumer<Integer, ServerCallStreamObserver<StreamMessage>> streamHandler = (i, s) -> { };
    volatile GetSchemaResponse latestSchema;

    private final Server server;

    ScriptedBroker() throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .directExecutor()
                .addService(new Producers())
                .addService(new Consumers())
                .addService(new Discovery())
                .addService(new Health())
                .addService(new Schemas())
                .build()
                .start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static <T> boolean failed(Status status, StreamObserver<T> observer) {
        if (status == null) {
            return false;
        }
        observer.onError(status.asRuntimeException());
        return true;
    }

    private final class Producers extends ProducerServiceGrpc.ProducerServiceImplBase {
        @Override
        public void createProducer(ProducerRequest request, StreamObserver<ProducerResponse> observer) {
            int call = creates.getAndIncrement();
            createRequests.add(request);
            if (failed(createOutcome.apply(call), observer)) {
                return;
            }
            observer.onNext(ProducerResponse.newBuilder().setRequestId(request.getRequestId())
                    .setProducerId(1000 + request.getProducerName().hashCode() % 100)
                    .setProducerName(request.getProducerName()).build());
            observer.onCompleted();
        }

        @Override
        public void sendMessage(StreamMessage request, StreamObserver<MessageResponse> observer) {
            int call = sendCalls.getAndIncrement();
            if (failed(sendOutcome.apply(call), observer)) {
                return;
            }
            accepted.add(request);
            observer.onNext(MessageResponse.newBuilder().setRequestId(request.getRequestId()).build());
            observer.onCompleted();
        }
    }

    private final class Consumers extends ConsumerServiceGrpc.ConsumerServiceImplBase {
        @Override
        public void subscribe(ConsumerRequest request, StreamObserver<ConsumerResponse> observer) {
            subscribes.incrementAndGet();
            observer.onNext(ConsumerResponse.newBuilder().setRequestId(request.getRequestId()).setConsumerId(77)
                    .setConsumerName(request.getConsumerName()).build());
            observer.onCompleted();
        }

        @Override
        public void receiveMessages(ReceiveRequest request, StreamObserver<StreamMessage> observer) {
            streamHandler.accept(streams.getAndIncrement(), (ServerCallStreamObserver<StreamMessage>) observer);
        }

        @Override
        public void ack(AckRequest request, StreamObserver<AckResponse> observer) {
            acks.add(request);
            observer.onNext(AckResponse.newBuilder().setRequestId(request.getRequestId()).build());
            observer.onCompleted();
        }
    }

    private final class Discovery extends DiscoveryGrpc.DiscoveryImplBase {
        @Override
        public void topicLookup(TopicLookupRequest request,
                                StreamObserver<com.danubemessaging.connect.proto.TopicLookupResponse> observer) {
            // Like a broker that owns nothing: the client must fall back to the service URL.
            observer.onError(Status.NOT_FOUND.withDescription("no broker owns " + request.getTopic())
                    .asRuntimeException());
        }

        @Override
        public void topicPartitions(TopicLookupRequest request, StreamObserver<TopicPartitionsResponse> observer) {
            List<String> answer = partitions.apply(partitionCalls.getAndIncrement());
            observer.onNext(TopicPartitionsResponse.newBuilder().addAllPartitions(answer).build());
            observer.onCompleted();
        }
    }

    private final class Health extends HealthCheckGrpc.HealthCheckImplBase {
        @Override
        public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
            HealthCheckResponse.ClientStatus status = request.getId() == 0
                    ? HealthCheckResponse.ClientStatus.CLOSE
                    : healthOutcome.apply(healthChecks.getAndIncrement());
            observer.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
            observer.onCompleted();
        }
    }

    private final class Schemas extends SchemaRegistryGrpc.SchemaRegistryImplBase {
        @Override
        public void getLatestSchema(GetLatestSchemaRequest request, StreamObserver<GetSchemaResponse> observer) {
            GetSchemaResponse latest = latestSchema;
            if (latest == null || !latest.getSubject().equals(request.getSubject())) {
                observer.onError(Status.NOT_FOUND.withDescription("subject not found").asRuntimeException());
                return;
            }
            observer.onNext(latest);
            observer.onCompleted();
        }

        @Override
        public void getSchema(GetSchemaRequest request, StreamObserver<GetSchemaResponse> observer) {
            GetSchemaResponse latest = latestSchema;
            observer.onNext(latest.toBuilder().setVersion(request.getVersion()).build());
            observer.onCompleted();
        }
    }
}
