package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Debezium JSON events to records: route, key, attributes; heartbeats are not records. */
class ChangeEventRecordsTest {
    private static final String UPDATE = """
            {"before":{"id":7,"region":"eu","v":1},"after":{"id":7,"region":"eu","v":2},
             "source":{"connector":"postgresql","db":"shop","schema":"public","table":"orders","lsn":123456,
                       "txId":991,"snapshot":"false","ts_ms":1700000000000},
             "op":"u","ts_ms":1700000000100}""";

    private final ChangeEventRecords records = new ChangeEventRecords(List.of(
            new TableRoute(new TableName("public", "orders"), "/shop/orders", List.of(), 0, true)));

    @Test
    void anUpdateBecomesARecordOnItsRouteWithKeyAndAttributes() throws Exception {
        SourceRecord r = records.toRecord("{\"id\":7}", UPDATE, Offset.of("p", 5));
        assertThat(r.topic()).isEqualTo("/shop/orders");
        assertThat(r.key()).contains("7");
        assertThat(r.offset()).contains(Offset.of("p", 5));
        assertThat(r.payload()).isEqualTo(new ObjectMapper().readTree(UPDATE));
        assertThat(r.attributes()).containsEntry("cdc.table", "public.orders").containsEntry("cdc.op", "u")
                .containsEntry("cdc.lsn", "123456").containsEntry("cdc.txid", "991")
                .containsEntry("cdc.database", "shop").containsEntry("cdc.snapshot", "false")
                .containsEntry("cdc.ts_ms", "1700000000000");
    }

    @Test
    void keysOfSeveralColumnsAreAJsonArrayAndTablesWithoutKeyHaveNone() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ChangeEventRecords.recordKey(json.readTree("{\"region\":\"eu\",\"id\":7}"))).isEqualTo("[\"eu\",7]");
        assertThat(ChangeEventRecords.recordKey(json.readTree("{\"code\":\"A-1\"}"))).isEqualTo("A-1");
        assertThat(ChangeEventRecords.recordKey(null)).isNull();
        assertThat(records.toRecord(null, UPDATE, Offset.of("p", 1)).key()).isEmpty();
    }

    @Test
    void heartbeatsAreNotRecordsAndUnroutedTablesAreInvalidData() {
        assertThat(records.toRecord("{\"serverName\":\"s\"}", "{\"ts_ms\":1700000000000}", Offset.of("p", 1)))
                .isNull();
        assertThatThrownBy(() -> records.toRecord(null, UPDATE.replace("\"orders\"", "\"other\""), Offset.of("p", 1)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("public.other, which has no route");
    }
}
