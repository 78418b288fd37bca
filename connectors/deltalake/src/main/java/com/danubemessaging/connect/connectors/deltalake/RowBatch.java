package com.danubemessaging.connect.connectors.deltalake;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructType;
import java.util.List;

/** Converted rows laid out column by column, in the table schema's order, as Delta Kernel writes them. */
final class RowBatch implements ColumnarBatch {
    private final StructType schema;
    private final ColumnVector[] columns;
    private final int size;

    /** @param rows each row's values in the schema's column order */
    RowBatch(StructType schema, List<Object[]> rows) {
        this.schema = schema;
        this.size = rows.size();
        this.columns = new ColumnVector[schema.length()];
        for (int c = 0; c < columns.length; c++) {
            Object[] values = new Object[size];
            for (int r = 0; r < size; r++) {
                values[r] = rows.get(r)[c];
            }
            columns[c] = new ValueVector(schema.at(c).getDataType(), values);
        }
    }

    @Override
    public StructType getSchema() {
        return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        return columns[ordinal];
    }

    @Override
    public int getSize() {
        return size;
    }
}
