package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Maps a message to a {@link Row} of its route; what cannot be mapped is invalid data, naming the column. */
final class RowMapper {

    private RowMapper() {
    }

    /**
     * @throws InvalidDataException when the payload is not JSON where its schema says it is, a non-nullable column
     *                              has no value, or a value does not fit its column's type
     */
    static Row map(JdbcRoute route, SinkRecord record) {
        JsonNode payload = record.json();
        List<ColumnMapping> columns = route.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            ColumnMapping c = columns.get(i);
            JsonNode value = c.read(record, payload);
            if (value.isMissingNode() || value.isNull()) {
                if (!c.nullable()) {
                    throw invalid(route, record, c, "no value (the column is not nullable)", null);
                }
                continue;
            }
            try {
                values[i] = ValueConverter.convert(value, c.type());
            } catch (ValueConverter.Mismatch e) {
                throw invalid(route, record, c, e.getMessage(), e);
            }
        }
        return new Row(record, values);
    }

    private static InvalidDataException invalid(JdbcRoute route, SinkRecord record, ColumnMapping column,
                                                String reason, Exception cause) {
        return new InvalidDataException(route.key() + " (" + route.table() + "): message " + record.messageId()
                + ", column " + column.column() + " from " + column.source() + ": " + reason, record.payload(), cause);
    }
}
