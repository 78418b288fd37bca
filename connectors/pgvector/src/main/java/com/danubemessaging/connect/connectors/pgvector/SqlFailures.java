package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConnectorException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import java.sql.SQLException;
import java.util.Set;

/**
 * What a failed upsert means, from PostgreSQL's SQLSTATE:
 * <ul>
 *   <li>class {@code 22} (data exception: a vector pgvector refuses, text JSONB cannot hold such as {@code \u0000})
 *       and {@code 23} (a constraint of a table the user made): the rows are wrong, {@link InvalidDataException},
 *       and the runtime writes the batch again record by record to set the bad one aside;</li>
 *   <li>class {@code 42} (no such table or column, permission denied), {@code 28} (login), {@code 3D}/{@code 3F}
 *       (no such database or schema), {@code 0A} (not supported): nothing succeeds until someone fixes it,
 *       {@link FatalException};</li>
 *   <li>everything else, above all {@code 08} (connection), {@code 40001} serialization failure and
 *       {@code 40P01} deadlock, {@code 53} (out of resources), {@code 57} (server shutting down), and errors
 *       without a SQLSTATE (a pool timeout, a broken socket): the same rows will pass later,
 *       {@link RetryableException}.</li>
 * </ul>
 */
final class SqlFailures {
    private static final Set<String> DATA = Set.of("22", "23");
    private static final Set<String> FATAL = Set.of("42", "28", "3D", "3F", "0A");

    private SqlFailures() {
    }

    /**
     * @param what   e.g. {@code "pgvector route /default/docs → docs: upserting 500 row(s)"}
     * @param single the only message of the failed write, or null when it held several
     */
    static ConnectorException classify(SQLException e, String what, SinkRecord single) {
        String state = state(e);
        String message = what + " failed" + (state == null ? "" : " (SQLSTATE " + state + ")") + ": " + reason(e)
                + (single == null ? "" : " (message " + single.messageId() + ")");
        String stateClass = state == null ? "" : state.substring(0, Math.min(2, state.length()));
        // pgjdbc's batch exception spells out every row of the statement (all vectors and payloads): keep it out
        // of the cause chain the runtime logs, the nested exception says why
        Throwable cause = e.getNextException() != null ? e.getNextException() : e;
        if (DATA.contains(stateClass)) {
            return new InvalidDataException(message, single == null ? null : single.payload(), cause);
        }
        if (FATAL.contains(stateClass)) {
            return new FatalException(message, cause);
        }
        return new RetryableException(message, cause);
    }

    /** The first SQLSTATE on the chain: pgjdbc puts the statement's own error behind a batch's. */
    static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException() == s ? null : s.getNextException()) {
                    if (s.getSQLState() != null && !s.getSQLState().isBlank()) {
                        return s.getSQLState();
                    }
                }
            }
        }
        return null;
    }

    /** The most telling message: the nested one of a batch ("Batch entry 0 … was aborted" says nothing). */
    private static String reason(SQLException e) {
        SQLException next = e.getNextException();
        String text = next != null && next.getMessage() != null ? next.getMessage() : e.getMessage();
        if (text == null) {
            text = e.getClass().getSimpleName();
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " …";
        return line.length() > 400 ? line.substring(0, 400) + "…" : line;
    }
}
