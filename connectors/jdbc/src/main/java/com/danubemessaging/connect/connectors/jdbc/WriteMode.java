package com.danubemessaging.connect.connectors.jdbc;

/** {@code insert_mode}: how a row is written. */
enum WriteMode {
    /** Plain INSERT: a second row with the same primary key is a constraint violation (invalid data). */
    INSERT,
    /** INSERT, or UPDATE of the row with the same {@code key_columns}: a redelivered message leaves one row. */
    UPSERT
}
