package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaRecordMapperTest {
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, (byte) 0x28, 0x01};

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("orders", 2, 41, 1_700_000_000_123L, TimestampType.CREATE_TIME, -1, -1, key,
                value, headers, Optional.empty());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesPassUnchangedWithKeyHeadersAndMetadata() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace-id", utf8("abc")));
        headers.add(new RecordHeader("empty", null));
        SourceRecord r = new KafkaRecordMapper(PayloadFormat.BYTES, true)
                .map(record(utf8("customer-7"), NOT_UTF8, headers), "/default/orders");

        assertThat(r.topic()).isEqualTo("/default/orders");
        assertThat(r.bytes()).hasValueSatisfying(b -> assertThat(b).isEqualTo(NOT_UTF8));
        assertThat(r.key()).hasValue("customer-7");
        assertThat(r.offset()).as("attached by the source once the record is known valid").isEmpty();
        assertThat(r.attributes()).containsOnly(
                Map.entry("trace-id", "abc"),
                Map.entry("empty", ""),
                Map.entry("kafka.topic", "orders"),
                Map.entry("kafka.partition", "2"),
                Map.entry("kafka.offset", "41"),
                Map.entry("kafka.timestamp", "1700000000123"),
                Map.entry("kafka.timestamp_type", "CreateTime"));
    }

    @Test
    void withoutMetadataOnlyTheHeadersRemain() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("h", utf8("v")));
        SourceRecord r = new KafkaRecordMapper(PayloadFormat.BYTES, false)
                .map(record(null, utf8("x"), headers), "/default/orders");
        assertThat(r.attributes()).containsOnly(Map.entry("h", "v"));
        assertThat(r.key()).as("no Kafka key, no routing key: round-robin over Danube partitions").isEmpty();
    }

    @Test
    void binaryKeysAndHeadersAreBase64AndFlagged() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("sig", NOT_UTF8));
        headers.add(new RecordHeader("dup", utf8("first")));
        headers.add(new RecordHeader("dup", utf8("last")));
        SourceRecord r = new KafkaRecordMapper(PayloadFormat.BYTES, false)
                .map(record(NOT_UTF8, utf8("x"), headers), "/default/orders");

        String b64 = Base64.getEncoder().encodeToString(NOT_UTF8);
        assertThat(r.key()).hasValue(b64);
        assertThat(r.attributes()).containsEntry("kafka.key_encoding", "base64").containsEntry("sig", b64)
                .containsEntry("kafka.binary_headers", "sig").containsEntry("dup", "last");
    }

    @Test
    void aNullValueIsAnEmptyTombstoneMessage() {
        SourceRecord r = new KafkaRecordMapper(PayloadFormat.JSON, false)
                .map(record(utf8("k"), null, new RecordHeaders()), "/default/orders");
        assertThat(r.bytes()).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(r.attributes()).containsEntry("kafka.tombstone", "true");
    }

    @Test
    void jsonValuesAreParsedAndAnythingElseIsInvalidData() {
        KafkaRecordMapper json = new KafkaRecordMapper(PayloadFormat.JSON, true);
        SourceRecord r = json.map(record(null, utf8("{\"id\":5,\"ok\":true}"), new RecordHeaders()), "/default/o");
        assertThat(r.isBytes()).isFalse();
        assertThat(r.payload().get("id").asInt()).isEqualTo(5);

        assertThatThrownBy(() -> json.map(record(null, utf8("{\"id\":5} trailing"), new RecordHeaders()), "/d/o"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("kafka record orders-2@41: value is not JSON (payload_format = \"json\"): ")
                .satisfies(e -> assertThat(((InvalidDataException) e).payload())
                        .isEqualTo(utf8("{\"id\":5} trailing")));
        assertThatThrownBy(() -> json.map(record(null, new byte[0], new RecordHeaders()), "/d/o"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("kafka record orders-2@41: value is empty, not JSON (payload_format = \"json\")");
    }

    @Test
    void stringValuesMustBeUtf8() {
        KafkaRecordMapper string = new KafkaRecordMapper(PayloadFormat.STRING, false);
        assertThat(string.map(record(null, utf8("grüezi"), new RecordHeaders()), "/d/o").payload().textValue())
                .isEqualTo("grüezi");
        assertThatThrownBy(() -> string.map(record(null, NOT_UTF8, new RecordHeaders()), "/d/o"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("kafka record orders-2@41: value is not UTF-8 text (payload_format = \"string\")");
    }

    @Test
    void metadataWinsOverAHeaderOfTheSameName() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("kafka.offset", utf8("spoofed")));
        SourceRecord r = new KafkaRecordMapper(PayloadFormat.BYTES, true)
                .map(record(null, utf8("x"), headers), "/default/orders");
        assertThat(r.attributes()).containsEntry("kafka.offset", "41");
    }
}
