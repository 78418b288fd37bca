package com.danubemessaging.connect.testkit;

/** Every RPC the test broker serves, by its fully qualified gRPC method name. */
public enum Rpc {
    CREATE_PRODUCER("danube.ProducerService/CreateProducer"),
    SEND_MESSAGE("danube.ProducerService/SendMessage"),
    SUBSCRIBE("danube.ConsumerService/Subscribe"),
    RECEIVE_MESSAGES("danube.ConsumerService/ReceiveMessages"),
    ACK("danube.ConsumerService/Ack"),
    NACK("danube.ConsumerService/Nack"),
    TOPIC_LOOKUP("danube.Discovery/TopicLookup"),
    TOPIC_PARTITIONS("danube.Discovery/TopicPartitions"),
    HEALTH_CHECK("danube.HealthCheck/HealthCheck"),
    REGISTER_SCHEMA("danube_schema.SchemaRegistry/RegisterSchema"),
    GET_SCHEMA("danube_schema.SchemaRegistry/GetSchema"),
    GET_LATEST_SCHEMA("danube_schema.SchemaRegistry/GetLatestSchema"),
    LIST_VERSIONS("danube_schema.SchemaRegistry/ListVersions"),
    CHECK_COMPATIBILITY("danube_schema.SchemaRegistry/CheckCompatibility"),
    DELETE_SCHEMA_VERSION("danube_schema.SchemaRegistry/DeleteSchemaVersion"),
    SET_COMPATIBILITY_MODE("danube_schema.SchemaRegistry/SetCompatibilityMode"),
    CONFIGURE_TOPIC_SCHEMA("danube_schema.SchemaRegistry/ConfigureTopicSchema"),
    UPDATE_TOPIC_VALIDATION_POLICY("danube_schema.SchemaRegistry/UpdateTopicValidationPolicy"),
    GET_TOPIC_SCHEMA_CONFIG("danube_schema.SchemaRegistry/GetTopicSchemaConfig"),
    LIST_SUBJECTS("danube_schema.SchemaRegistry/ListSubjects");

    private final String fullMethodName;

    Rpc(String fullMethodName) {
        this.fullMethodName = fullMethodName;
    }

    /** e.g. {@code danube.ProducerService/SendMessage}. */
    public String fullMethodName() {
        return fullMethodName;
    }

    /** The gRPC service name, e.g. {@code danube.ProducerService}. */
    public String serviceName() {
        return fullMethodName.substring(0, fullMethodName.indexOf('/'));
    }
}
