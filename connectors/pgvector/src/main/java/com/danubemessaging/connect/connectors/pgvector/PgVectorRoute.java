package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code [[pgvector.routes]]} entry: a topic and the table ("collection") its vectors go to. The keys follow the
 * Rust sink-qdrant's routes.
 *
 * @param source                the topic and subscription keys shared by every sink ({@link SinkRoute})
 * @param schema                the schema part of {@code to}, or empty for the connection's current schema
 * @param table                 {@code to}: the table, {@code name} or {@code schema.name}
 * @param dimension             {@code vector_dimension}: the length of every vector (required)
 * @param distance              {@code distance}: Cosine (default), Euclid, Dot or Manhattan
 * @param autoCreate            {@code auto_create_collection}: create a missing table and its HNSW index (default
 *                              true)
 * @param includeDanubeMetadata {@code include_danube_metadata}: add {@code _danube_*} keys to the payload column
 *                              (default true)
 */
public record PgVectorRoute(SinkRoute source, Optional<String> schema, String table, int dimension,
                            Distance distance, boolean autoCreate, boolean includeDanubeMetadata) {
    /** pgvector's {@code vector} type holds at most 16,000 dimensions. */
    static final int MAX_DIMENSION = 16_000;
    /** An HNSW index on {@code vector} covers at most 2,000 dimensions. */
    static final int MAX_INDEXED_DIMENSION = 2_000;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    static PgVectorRoute read(ConfigTable route, String connectorName) {
        SinkRoute source = SinkRoute.read(route, connectorName);
        String to = route.requiredString("to");
        int dot = to.indexOf('.');
        Optional<String> schema = dot < 0 ? Optional.empty()
                : Optional.of(identifier(to.substring(0, dot), to, route.key("to")));
        String table = identifier(dot < 0 ? to : to.substring(dot + 1), to, route.key("to"));
        if (route.node("vector_dimension").isEmpty()) {
            throw new ConfigurationException(route.key("vector_dimension") + ": required (the length of every"
                    + " vector, e.g. 384)");
        }
        int dimension = (int) route.integer("vector_dimension", 0, 1, MAX_DIMENSION);
        Distance distance = Distance.parse(route.string("distance", "Cosine"), route.key("distance"));
        boolean autoCreate = route.bool("auto_create_collection", true);
        boolean metadata = route.bool("include_danube_metadata", true);
        if (autoCreate && dimension > MAX_INDEXED_DIMENSION) {
            throw new ConfigurationException(route.key("vector_dimension") + ": " + dimension + " is more than the "
                    + MAX_INDEXED_DIMENSION + " dimensions an HNSW index on a vector column covers; create the table"
                    + " yourself and set auto_create_collection = false");
        }
        return new PgVectorRoute(source, schema, table, dimension, distance, autoCreate, metadata);
    }

    private static String identifier(String part, String to, String key) {
        if (!IDENTIFIER.matcher(part).matches()) {
            throw new ConfigurationException(key + ": \"" + to + "\" is not a table name such as \"items\" or"
                    + " \"search.items\" (letters, digits and _, at most 63 each)");
        }
        return part;
    }

    /** {@code "schema"."table"} or {@code "table"}, for SQL. */
    String sqlTable() {
        return schema.map(s -> quote(s) + ".").orElse("") + quote(table);
    }

    /** The name of the HNSW index {@code auto_create_collection} creates. */
    String indexName() {
        String name = table + "_embedding_hnsw";
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    /** {@code /ns/topic → schema.table}: how messages name the route. */
    public String label() {
        return source.topic() + " → " + schema.map(s -> s + ".").orElse("") + table;
    }

    static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }
}
