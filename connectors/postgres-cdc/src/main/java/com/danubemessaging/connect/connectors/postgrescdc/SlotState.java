package com.danubemessaging.connect.connectors.postgrescdc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One row of {@code pg_replication_slots}, with the WAL the slot holds back.
 *
 * @param name              slot name
 * @param plugin            output plugin
 * @param database          the slot's database
 * @param active            a walsender streams from it now
 * @param walStatus         {@code reserved}, {@code extended}, {@code unreserved} or {@code lost} (invalidated)
 * @param confirmedFlushLsn the position confirmed by the consumer, e.g. {@code 0/1A2B3C8}
 * @param retainedBytes     WAL bytes between the slot's restart_lsn and the current WAL position
 */
record SlotState(String name, String plugin, String database, boolean active, String walStatus,
                 String confirmedFlushLsn, long retainedBytes) {

    static Optional<SlotState> read(Connection connection, String slotName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT slot_name, plugin, database, active,"
                + " wal_status, confirmed_flush_lsn::text,"
                + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint"
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slotName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SlotState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)));
            }
        }
    }

    /** PostgreSQL removed WAL this slot still needed (max_slot_wal_keep_size): the slot can no longer stream. */
    boolean lost() {
        return "lost".equals(walStatus);
    }

    String lostMessage(Path offsetFile) {
        return "replication slot " + name + " was invalidated by PostgreSQL (wal_status = lost): it fell further"
                + " behind than max_slot_wal_keep_size, and the WAL of the changes since its last confirmed position ("
                + confirmedFlushLsn + ") was removed, so they cannot be streamed any more. To start over with a new"
                + " snapshot: SELECT pg_drop_replication_slot('" + name + "'); delete the offset file " + offsetFile
                + "; then start the connector again.";
    }
}
