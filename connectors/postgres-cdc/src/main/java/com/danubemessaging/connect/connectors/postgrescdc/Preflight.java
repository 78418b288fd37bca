package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Debezium starts, everything that would otherwise fail later or obscurely: {@code wal_level}, the
 * REPLICATION privilege, each table (exists, readable, has a primary key or a usable replica identity and key), the
 * slot (right plugin and database, not invalidated, or room for a new one) and the publication (exists with the
 * tables, or the user may create it). Each problem is a {@link ConfigurationException} that says what to change.
 */
final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private final PostgresCdcSettings settings;

    Preflight(PostgresCdcSettings settings) {
        this.settings = settings;
    }

    /** Runs every check on {@code connection}; logs the warnings (unbounded WAL retention). */
    void check(Connection connection) throws SQLException {
        checkWalLevel(connection);
        Role role = role(connection);
        checkReplicationPrivilege(role);
        boolean ownsAll = true;
        for (TableRoute route : settings.routes()) {
            ownsAll &= checkTable(connection, route, role);
        }
        checkSlot(connection);
        checkPublication(connection, role, ownsAll);
        warnAboutUnboundedRetention(connection);
    }

    private void checkWalLevel(Connection connection) throws SQLException {
        String walLevel = single(connection, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw new ConfigurationException("PostgreSQL wal_level is '" + walLevel + "', change data capture needs"
                    + " 'logical'. As a superuser run: ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL"
                    + " (managed services: set rds.logical_replication = 1 on Amazon RDS/Aurora,"
                    + " cloudsql.logical_decoding = on on Cloud SQL, wal_level = logical on Azure).");
        }
    }

    private record Role(String name, boolean superuser, boolean replication) {
    }

    private Role role(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, r.rolsuper, r.rolreplication"
                     + " OR EXISTS (SELECT 1 FROM pg_roles m WHERE m.rolname = 'rds_replication'"
                     + " AND pg_has_role(current_user, m.oid, 'member'))"
                     + " FROM pg_roles r WHERE r.rolname = current_user")) {
            rs.next();
            return new Role(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3));
        }
    }

    private void checkReplicationPrivilege(Role role) {
        if (!role.superuser() && !role.replication()) {
            throw new ConfigurationException("PostgreSQL user '" + role.name() + "' may not use logical replication"
                    + " (it has neither the REPLICATION attribute nor superuser). As a superuser run: ALTER ROLE "
                    + quoteIdent(role.name()) + " WITH REPLICATION; (Amazon RDS: GRANT rds_replication TO "
                    + quoteIdent(role.name()) + ";), or set " + PostgresCdcSettings.TABLE
                    + ".user to a user that has it.");
        }
    }

    /** @return whether the user owns the table (it may then put it in a publication) */
    private boolean checkTable(Connection connection, TableRoute route, Role role) throws SQLException {
        TableName table = route.table();
        long oid;
        String kind;
        String replicaIdentity;
        boolean readable;
        boolean owner;
        try (PreparedStatement ps = connection.prepareStatement("SELECT c.oid, c.relkind, c.relreplident,"
                + " has_table_privilege(c.oid, 'SELECT'), pg_has_role(c.relowner, 'USAGE')"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException(PostgresCdcSettings.TABLE + ".tables: table " + table
                            + " does not exist in database " + settings.database() + " (names are case-sensitive:"
                            + " unquoted names are stored in lower case)");
                }
                oid = rs.getLong(1);
                kind = rs.getString(2);
                replicaIdentity = rs.getString(3);
                readable = rs.getBoolean(4);
                owner = rs.getBoolean(5);
            }
        }
        if (!"r".equals(kind) && !"p".equals(kind)) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".tables: " + table + " is not a table"
                    + " (views and other relations have no changes to capture)");
        }
        if (!readable) {
            throw new ConfigurationException("PostgreSQL user '" + role.name() + "' may not read " + table
                    + " (needed for the snapshot). Run: GRANT SELECT ON " + table.quoted() + " TO "
                    + quoteIdent(role.name()) + ";");
        }
        List<String> columns = strings(connection, "SELECT attname FROM pg_attribute WHERE attrelid = ? AND attnum > 0"
                + " AND NOT attisdropped ORDER BY attnum", oid);
        List<String> primaryKey = strings(connection, "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = ? AND i.indisprimary",
                oid);
        for (String column : route.keyColumns()) {
            if (!columns.contains(column)) {
                throw new ConfigurationException(PostgresCdcSettings.TABLE + ".routes: key column '" + column
                        + "' of " + table + " does not exist (columns: " + String.join(", ", columns) + ")");
            }
        }
        if ("n".equals(replicaIdentity)) {
            throw new ConfigurationException("table " + table + " has REPLICA IDENTITY NOTHING: PostgreSQL cannot"
                    + " replicate its UPDATE and DELETE. Run: ALTER TABLE " + table.quoted()
                    + " REPLICA IDENTITY DEFAULT; (with a primary key) or REPLICA IDENTITY FULL.");
        }
        if (primaryKey.isEmpty()) {
            boolean identityUsable = "f".equals(replicaIdentity) || "i".equals(replicaIdentity);
            if (!identityUsable || route.usesPrimaryKey()) {
                throw new ConfigurationException("table " + table + " has no primary key. Once it is in the"
                        + " publication, PostgreSQL refuses its UPDATE and DELETE statements (\"cannot update table"
                        + " because it does not have a replica identity and publishes updates\"), and its records"
                        + " would have no key. Add one: ALTER TABLE " + table.quoted() + " ADD PRIMARY KEY (<columns>);"
                        + " or, if it cannot have one: ALTER TABLE " + table.quoted() + " REPLICA IDENTITY FULL;"
                        + " and set key = [\"<column>\", ...] in its [[" + PostgresCdcSettings.TABLE
                        + ".routes]] entry.");
            }
        }
        return owner || role.superuser();
    }

    private void checkSlot(Connection connection) throws SQLException {
        Optional<SlotState> slot = SlotState.read(connection, settings.slotName());
        if (slot.isEmpty()) {
            int used = Integer.parseInt(single(connection, "SELECT count(*) FROM pg_replication_slots"));
            int max = Integer.parseInt(single(connection, "SHOW max_replication_slots"));
            if (used >= max) {
                throw new ConfigurationException("replication slot " + settings.slotName() + " does not exist and all "
                        + max + " slots are in use (max_replication_slots). Drop an unused one (SELECT"
                        + " pg_drop_replication_slot('<name>') for a name in pg_replication_slots), or raise"
                        + " max_replication_slots and restart PostgreSQL.");
            }
            return;
        }
        SlotState state = slot.get();
        if (!"pgoutput".equals(state.plugin())) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".slot_name: slot " + state.name()
                    + " uses plugin " + state.plugin() + ", this connector needs pgoutput; choose another slot_name or"
                    + " drop it: SELECT pg_drop_replication_slot('" + state.name() + "');");
        }
        if (!settings.database().equals(state.database())) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".slot_name: slot " + state.name()
                    + " belongs to database " + state.database() + ", not " + settings.database()
                    + "; choose another slot_name");
        }
        if (state.lost()) {
            throw new ConfigurationException(state.lostMessage(settings.offsetFile()));
        }
    }

    private void checkPublication(Connection connection, Role role, boolean ownsAllTables) throws SQLException {
        String name = settings.publicationName();
        Boolean allTables = null;
        boolean owner = false;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT puballtables, pg_has_role(pubowner, 'USAGE') FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    allTables = rs.getBoolean(1);
                    owner = rs.getBoolean(2);
                }
            }
        }
        Set<String> wanted = settings.routes().stream().map(r -> r.table().toString())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String forTables = settings.routes().stream().map(r -> r.table().quoted()).collect(Collectors.joining(", "));
        if (allTables == null) {
            boolean mayCreate = role.superuser() || (ownsAllTables && Boolean.parseBoolean(single(connection,
                    "SELECT has_database_privilege(current_database(), 'CREATE')")));
            if (!mayCreate) {
                throw new ConfigurationException("publication " + name + " does not exist and user '" + role.name()
                        + "' may not create it (that needs CREATE on the database and ownership of the tables)."
                        + " Have the tables' owner run: CREATE PUBLICATION " + quoteIdent(name) + " FOR TABLE "
                        + forTables + ";");
            }
            return;
        }
        if (allTables) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".publication_name: publication " + name
                    + " is FOR ALL TABLES; the connector keeps its publication equal to the captured tables. Choose"
                    + " another publication_name, or recreate it: DROP PUBLICATION " + quoteIdent(name)
                    + "; CREATE PUBLICATION " + quoteIdent(name) + " FOR TABLE " + forTables + ";");
        }
        Set<String> present = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        if (!present.equals(wanted) && !(role.superuser() || (owner && ownsAllTables))) {
            throw new ConfigurationException("publication " + name + " has tables " + present + " but the connector"
                    + " captures " + wanted + ", and user '" + role.name() + "' may not change it (that needs"
                    + " ownership of the publication and the tables). Have its owner run: ALTER PUBLICATION "
                    + quoteIdent(name) + " SET TABLE " + forTables + ";");
        }
    }

    private void warnAboutUnboundedRetention(Connection connection) throws SQLException {
        String keep = single(connection, "SHOW max_slot_wal_keep_size");
        if ("-1".equals(keep)) {
            LOG.warn("postgres-cdc: max_slot_wal_keep_size is -1 (unlimited): while this connector is stopped or"
                    + " Danube is unreachable, PostgreSQL keeps every WAL segment written since slot {} was last"
                    + " confirmed, without limit, until its disk is full. Bound it: ALTER SYSTEM SET"
                    + " max_slot_wal_keep_size = '<size>'; SELECT pg_reload_conf(); (see the connector README,"
                    + " 'Slot retention').", settings.slotName());
        } else {
            LOG.info("postgres-cdc: max_slot_wal_keep_size = {}: PostgreSQL invalidates slot {} if it falls further"
                    + " behind than that", keep, settings.slotName());
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> strings(Connection connection, String sql, long oid) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    private static String quoteIdent(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
