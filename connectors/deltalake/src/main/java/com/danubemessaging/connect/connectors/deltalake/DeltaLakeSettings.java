package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [deltalake]} table of {@code sink-deltalake}, validated. Keys follow the Rust sink-deltalake; env
 * {@code AWS_REGION} and {@code S3_ENDPOINT} override {@code s3_region} and {@code s3_endpoint} as there.
 *
 * @param storageBackend {@code storage_backend}: {@code local} (default) or {@code s3}
 * @param s3Region       {@code s3_region}: required for {@code s3}
 * @param s3Endpoint     {@code s3_endpoint}: an S3-compatible endpoint such as MinIO's
 * @param s3AllowHttp    {@code s3_allow_http}: allow a plain-HTTP endpoint (default false)
 * @param s3PathStyle    {@code s3_path_style}: path-style bucket addressing (default: true when an endpoint is set)
 * @param hadoop         {@code [deltalake.hadoop]}: further Hadoop filesystem settings, verbatim
 * @param routes         {@code [[deltalake.routes]]}
 */
public record DeltaLakeSettings(String storageBackend, Optional<String> s3Region, Optional<String> s3Endpoint,
                                boolean s3AllowHttp, boolean s3PathStyle, Map<String, String> hadoop,
                                List<DeltaRoute> routes) {
    static final String TABLE = "deltalake";

    /**
     * Reads and validates {@code [deltalake]}.
     *
     * @param env the process environment, for the overrides
     * @throws ConfigurationException naming the key and the reason
     */
    public static DeltaLakeSettings from(ConnectorConfig config, Map<String, String> env) {
        ConfigTable table = ConfigTable.root(config, TABLE);
        String backend = table.choice("storage_backend", "local", Set.of("local", "s3", "azure", "gcs"));
        Optional<String> region = override(env, "AWS_REGION", table.string("s3_region"));
        Optional<String> endpoint = override(env, "S3_ENDPOINT", table.string("s3_endpoint"));
        boolean allowHttp = table.bool("s3_allow_http", false);
        boolean pathStyle = table.bool("s3_path_style", endpoint.isPresent());
        Map<String, String> hadoop = hadoopSettings(table);
        List<ConfigTable> routeTables = table.tables("routes");
        table.reportUnknownKeys();
        if (backend.equals("azure") || backend.equals("gcs")) {
            throw new ConfigurationException(table.key("storage_backend") + ": \"" + backend + "\" is not built in;"
                    + " use \"local\" or \"s3\", or put the Hadoop filesystem of your store on the class path and"
                    + " configure it under [deltalake.hadoop]");
        }
        if (backend.equals("s3") && region.isEmpty()) {
            throw new ConfigurationException(table.key("s3_region") + ": required when storage_backend = \"s3\""
                    + " (or env AWS_REGION)");
        }
        if (endpoint.isPresent() && endpoint.get().startsWith("http://") && !allowHttp) {
            throw new ConfigurationException(table.key("s3_endpoint") + ": " + endpoint.get() + " is plain HTTP;"
                    + " set s3_allow_http = true to allow it");
        }
        if (routeTables.isEmpty()) {
            throw new ConfigurationException(table.key("routes") + ": at least one [[deltalake.routes]] is required");
        }
        List<DeltaRoute> routes = new ArrayList<>();
        for (ConfigTable route : routeTables) {
            routes.add(DeltaRoute.read(route, config.connectorName()));
        }
        SinkRoute.requireDistinctTopics(routes.stream().map(DeltaRoute::source).toList(),
                i -> routeTables.get(i).path());
        return new DeltaLakeSettings(backend, region, endpoint, allowHttp, pathStyle, Map.copyOf(hadoop),
                List.copyOf(routes));
    }

    private static Map<String, String> hadoopSettings(ConfigTable table) {
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<ConfigTable> hadoop = table.table("hadoop");
        if (hadoop.isEmpty()) {
            return settings;
        }
        JsonNode node = table.node("hadoop").orElseThrow();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode()) {
                throw new ConfigurationException(table.key("hadoop") + "." + entry.getKey() + ": must be a string,"
                        + " number or boolean");
            }
            settings.put(entry.getKey(), entry.getValue().asText());
        }
        return settings;
    }

    private static Optional<String> override(Map<String, String> env, String name, Optional<String> value) {
        String fromEnv = env.get(name);
        return fromEnv == null || fromEnv.isBlank() ? value : Optional.of(fromEnv.trim());
    }

    /** Hadoop values may hold secrets (access keys), so only their names are printed. */
    @Override
    public String toString() {
        return "DeltaLakeSettings{storage_backend=" + storageBackend + ", s3_region=" + s3Region.orElse("")
                + ", s3_endpoint=" + s3Endpoint.orElse("") + ", s3_allow_http=" + s3AllowHttp + ", s3_path_style="
                + s3PathStyle + ", hadoop keys=" + hadoop.keySet() + ", routes=" + routes + "}";
    }
}
