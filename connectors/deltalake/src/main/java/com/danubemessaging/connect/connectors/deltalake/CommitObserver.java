package com.danubemessaging.connect.connectors.deltalake;

/**
 * Told about every Delta commit right after it succeeded and before the runtime acknowledges its records: for
 * metrics, logs, or a test that stops the process exactly there.
 */
@FunctionalInterface
public interface CommitObserver {
    CommitObserver NONE = (table, version, rows) -> { };

    /**
     * @param table   the table location
     * @param version the Delta version just committed
     * @param rows    rows in that commit
     */
    void committed(String table, long version, int rows);
}
