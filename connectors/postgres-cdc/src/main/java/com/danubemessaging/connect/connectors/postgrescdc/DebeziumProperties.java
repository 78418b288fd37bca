package com.danubemessaging.connect.connectors.postgrescdc;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Debezium engine and PostgreSQL connector properties for one {@link PostgresCdcSettings}. The properties that
 * carry the delivery guarantee are fixed here and cannot be overridden from {@code [postgres_cdc.debezium]}.
 */
final class DebeziumProperties {

    /** Keys a user may not set in {@code [postgres_cdc.debezium]} (prefixes offset., database., converter. too). */
    static final Set<String> RESERVED = Set.of("name", "connector.class", "topic.prefix", "plugin.name", "slot.name",
            "publication.name", "publication.autocreate.mode", "table.include.list", "schema.include.list",
            "table.exclude.list", "schema.exclude.list", "snapshot.mode", "message.key.columns",
            "tombstones.on.delete", "lsn.flush.mode", "flush.lsn.source", "slot.drop.on.stop",
            "provide.transaction.metadata", "max.batch.size", "max.queue.size", "key.converter", "value.converter",
            "heartbeat.interval.ms", "decimal.handling.mode");

    private DebeziumProperties() {
    }

    static Properties of(PostgresCdcSettings settings, String engineName, int batchSize) {
        Properties p = new Properties();
        settings.debezium().forEach(p::setProperty);
        p.setProperty("name", engineName);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        // offsets: written only when the runtime commits (OffsetCommitPolicy.always() on acknowledged records)
        p.setProperty("offset.storage", DurableOffsetStore.class.getName());
        p.setProperty("offset.storage.file.filename", settings.offsetFile().toAbsolutePath().toString());
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("database.hostname", settings.host());
        p.setProperty("database.port", Integer.toString(settings.port()));
        p.setProperty("database.user", settings.user());
        p.setProperty("database.password", settings.password());
        p.setProperty("database.dbname", settings.database());
        p.setProperty("database.sslmode", settings.sslMode());
        if (settings.sslRootCert() != null) {
            p.setProperty("database.sslrootcert", settings.sslRootCert());
        }
        // the offset key of Debezium is {server: topic.prefix}: tie it to the slot, which outlives renames
        p.setProperty("topic.prefix", settings.slotName());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", settings.slotName());
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("publication.name", settings.publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", settings.routes().stream()
                .map(r -> regex(r.table())).collect(Collectors.joining(",")));
        p.setProperty("snapshot.mode", settings.snapshotMode());
        String keyColumns = messageKeyColumns(settings.routes());
        if (!keyColumns.isEmpty()) {
            p.setProperty("message.key.columns", keyColumns);
        }
        // "connector": the LSN is flushed only from committed offsets; never the driver's keepalive auto-flush
        p.setProperty("lsn.flush.mode", "connector");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("provide.transaction.metadata", "false");
        p.setProperty("decimal.handling.mode", settings.decimalHandling());
        p.setProperty("heartbeat.interval.ms", Long.toString(settings.heartbeatIntervalMs()));
        p.setProperty("max.batch.size", Integer.toString(batchSize));
        p.setProperty("max.queue.size", Integer.toString(Math.max(batchSize * 4, 8192)));
        p.setProperty("converter.schemas.enable", "false");
        return p;
    }

    /** The exact-match regex Debezium's table filters expect: {@code public\\.orders}. */
    static String regex(TableName table) {
        return table.toString().replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }

    /** Debezium's {@code schema.table:col1,col2;...} for routes with their own key. */
    static String messageKeyColumns(List<TableRoute> routes) {
        return routes.stream().filter(r -> !r.usesPrimaryKey())
                .map(r -> regex(r.table()) + ":" + String.join(",", r.keyColumns()))
                .collect(Collectors.joining(";"));
    }
}
