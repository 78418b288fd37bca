package com.danubemessaging.connect.connectors.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The record shape, the id rule and every kind of invalid record, without a database. */
class PointMapperTest {
    static final String TOPIC = "/default/vectors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PgVectorRoute route(boolean metadata) {
        SinkRoute source = new SinkRoute(TOPIC, "s", com.danubemessaging.connect.api.SubscriptionType.SHARED, "c",
                Optional.empty());
        return new PgVectorRoute(source, Optional.empty(), "docs", 3, Distance.COSINE, true, metadata);
    }

    static SinkRecord record(long offset, String json) {
        return SinkRecord.builder(TOPIC, json.getBytes(StandardCharsets.UTF_8)).offset(offset)
                .messageId(TOPIC + "@" + offset).publishTimeMillis(1_700_000_000_000L + offset)
                .producerName("embedder").attributes(Map.of("model", "minilm", "lang", "en")).build();
    }

    private final PointMapper mapper = new PointMapper(route(true));

    @Test
    void idsFollowSinkQdrant() {
        assertThat(mapper.map(record(0, "{\"id\":\"42\",\"vector\":[1,2,3]}")).id()).isEqualTo(BigInteger.valueOf(42));
        assertThat(mapper.map(record(0, "{\"id\":\"+42\",\"vector\":[1,2,3]}")).id()).as("Rust's u64 parse")
                .isEqualTo(BigInteger.valueOf(42));
        assertThat(mapper.map(record(0, "{\"id\":\"18446744073709551615\",\"vector\":[1,2,3]}")).id())
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(mapper.map(record(0, "{\"id\":7,\"vector\":[1,2,3]}")).id()).isEqualTo(BigInteger.valueOf(7));
        // the first 8 bytes of SHA-256, big-endian: printf 'doc-7' | sha256sum → 0a57ab62a588ec8f…
        assertThat(mapper.map(record(0, "{\"id\":\"doc-7\",\"vector\":[1,2,3]}")).id())
                .isEqualTo(new BigInteger("745252703525465231"));
        assertThat(mapper.map(record(0, "{\"id\":\"18446744073709551616\",\"vector\":[1,2,3]}")).id())
                .as("past u64: hashed like any other text").isNotEqualTo(new BigInteger("18446744073709551616"))
                .isLessThanOrEqualTo(PointId.MAX);
        // no id: "{topic}:{publish_time}", printf '/default/vectors:1700000000000' | sha256sum → 8cd15163c716681b…
        assertThat(mapper.map(record(0, "{\"vector\":[1,2,3]}")).id())
                .isEqualTo(new BigInteger("10146980924426184731"));
        assertThat(mapper.map(record(0, "{\"vector\":[1,2,3]}")).id()).as("a redelivery: the same row")
                .isEqualTo(mapper.map(record(0, "{\"vector\":[3,2,1]}")).id());
    }

    @Test
    void theVectorIsPgvectorTextAndThePayloadCarriesTheDanubeMetadata() throws Exception {
        Point p = mapper.map(record(5, "{\"id\":\"1\",\"vector\":[0.5,-2,1e-3],\"payload\":{\"text\":\"hi\","
                + "\"tags\":[\"a\"],\"nested\":{\"k\":1},\"_danube_topic\":\"spoofed\"}}"));
        assertThat(p.vector()).isEqualTo("[0.5,-2.0,0.001]");
        assertThat(JSON.readTree(p.payload())).isEqualTo(JSON.readTree("{\"text\":\"hi\",\"tags\":[\"a\"],"
                + "\"nested\":{\"k\":1},\"_danube_topic\":\"/default/vectors\",\"_danube_timestamp\":1700000000005,"
                + "\"_danube_producer\":\"embedder\",\"_danube_attr_lang\":\"en\",\"_danube_attr_model\":\"minilm\"}"));
        assertThat(new PointMapper(route(false)).map(record(5, "{\"vector\":[1,2,3]}")).payload()).isEqualTo("{}");
        assertThat(new PointMapper(route(false)).map(record(5, "{\"vector\":[1,2,3],\"payload\":null}")).payload())
                .isEqualTo("{}");
    }

    @Test
    void everyBadShapeIsInvalidDataNamingRouteReasonAndMessage() {
        String prefix = "pgvector route /default/vectors → docs: ";
        assertInvalid("{\"id\":\"1\",\"vector\":[1,2]}", prefix + "\"vector\" has 2 dimensions, the route's"
                + " vector_dimension is 3 (message /default/vectors@9)");
        assertInvalid("{\"vector\":[1,NaN,3]}", prefix + "vector[1] is NaN; pgvector stores finite numbers only"
                + " (message /default/vectors@9)");
        assertInvalid("{\"vector\":[1,2,Infinity]}", prefix + "vector[2] is Infinity; pgvector stores finite"
                + " numbers only (message /default/vectors@9)");
        assertInvalid("{\"vector\":[1,2,1e39]}", prefix + "vector[2] = 1.0E39 does not fit a 32-bit float"
                + " (message /default/vectors@9)");
        assertInvalid("{\"id\":\"1\",\"payload\":{}}", prefix + "no \"vector\" field (message /default/vectors@9)");
        assertInvalid("{\"vector\":\"1,2,3\"}", prefix + "\"vector\" must be an array of numbers, got a string"
                + " (message /default/vectors@9)");
        assertInvalid("{\"vector\":[1,\"2\",3]}", prefix + "vector[1] is not a number: \"2\" (message"
                + " /default/vectors@9)");
        assertInvalid("[1,2,3]", prefix + "the payload is not a JSON object {\"id\"?, \"vector\", \"payload\"?} but"
                + " an array (message /default/vectors@9)");
        assertInvalid("{\"vector\":[1,2,3],\"payload\":[1]}", prefix + "\"payload\" must be a JSON object, got an"
                + " array (message /default/vectors@9)");
        assertInvalid("{\"id\":-1,\"vector\":[1,2,3]}", prefix + "\"id\" must be a string or a whole number from 0"
                + " to 18446744073709551615, got -1 (message /default/vectors@9)");
        assertInvalid("{\"id\":1.5,\"vector\":[1,2,3]}", prefix + "\"id\" must be a string or a whole number from"
                + " 0 to 18446744073709551615, got 1.5 (message /default/vectors@9)");
        assertThatThrownBy(() -> mapper.map(record(9, "not json"))).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(prefix + "the payload is not JSON: Unrecognized token 'not'");
    }

    private void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> mapper.map(record(9, json))).isInstanceOf(InvalidDataException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(new String(((InvalidDataException) e).payload(), StandardCharsets.UTF_8))
                        .isEqualTo(json));
    }
}
