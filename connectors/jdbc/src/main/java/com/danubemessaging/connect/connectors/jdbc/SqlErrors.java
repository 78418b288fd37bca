package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConnectorException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Sorts a failed write by its SQLSTATE class (SQL standard, used by both PostgreSQL and MariaDB):
 * <ul>
 *   <li>{@code 22} data exception, {@code 23} integrity constraint violation, {@code 44} check option: the rows
 *       themselves are wrong, so {@link InvalidDataException} (the runtime then writes the batch record by record
 *       and sets the bad one aside);</li>
 *   <li>{@code 42} syntax or access rule (no such table or column, permission denied), {@code 28} authorization,
 *       {@code 3D}/{@code 3F} no such database or schema, {@code 0A} unsupported: no retry can fix them, so
 *       {@link FatalException};</li>
 *   <li>everything else, above all {@code 08} connection errors, {@code 40} serialization failures and
 *       deadlocks, {@code 53} insufficient resources, {@code 57} operator intervention (server shutting down):
 *       {@link RetryableException}.</li>
 * </ul>
 */
final class SqlErrors {
    private static final Set<String> INVALID_DATA = Set.of("22", "23", "44");
    private static final Set<String> FATAL = Set.of("42", "28", "3D", "3F", "0A");

    private SqlErrors() {
    }

    /**
     * @param what    what was being done, e.g. {@code "writing 500 row(s) to orders"}
     * @param payload the message's payload when the failed write held exactly one, else null
     */
    static ConnectorException classify(SQLException e, String what, byte[] payload) {
        String state = sqlState(e);
        String message = what + " failed" + (state == null ? "" : " (SQLSTATE " + state + ")") + ": "
                + firstLine(rootMessage(e));
        String stateClass = state == null || state.length() < 2 ? "" : state.substring(0, 2);
        if (INVALID_DATA.contains(stateClass)) {
            return new InvalidDataException(message, payload, e);
        }
        if (FATAL.contains(stateClass)) {
            return new FatalException(message, e);
        }
        // connection errors (08), serialization failures and deadlocks (40), a server shutting down (57), a pool
        // timeout without a state, and anything unknown: the same rows may well pass later
        return new RetryableException(message, e);
    }

    /** The first SQLSTATE along the chain: drivers put the real one on a nested exception of a batch failure. */
    static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && !sql.getSQLState().isBlank()) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String rootMessage(SQLException e) {
        SQLException next = e.getNextException();
        // pgjdbc's batch exception says "Batch entry 0 … was aborted"; the nested one says why
        String message = next != null && next.getMessage() != null ? next.getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " …";
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }
}
