package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code distance} of a route, named as the Rust sink-qdrant names it, with the pgvector operator that measures
 * it and the operator class an HNSW index needs so that {@code ORDER BY embedding <op> query} uses the index.
 */
public enum Distance {
    /** Cosine distance, {@code <=>}. */
    COSINE("Cosine", "<=>", "vector_cosine_ops"),
    /** Euclidean (L2) distance, {@code <->}. */
    EUCLID("Euclid", "<->", "vector_l2_ops"),
    /** Negative inner product, {@code <#>} (smaller is closer, as pgvector orders it). */
    DOT("Dot", "<#>", "vector_ip_ops"),
    /** Taxicab (L1) distance, {@code <+>}; HNSW indexes it from pgvector 0.7.0. */
    MANHATTAN("Manhattan", "<+>", "vector_l1_ops");

    private final String configName;
    private final String operator;
    private final String operatorClass;

    Distance(String configName, String operator, String operatorClass) {
        this.configName = configName;
        this.operator = operator;
        this.operatorClass = operatorClass;
    }

    /** Case-insensitive: {@code Cosine}, {@code cosine}, ... @throws ConfigurationException naming the key */
    static Distance parse(String value, String key) {
        for (Distance d : values()) {
            if (d.configName.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new ConfigurationException(key + ": must be one of " + Arrays.stream(values())
                .map(d -> d.configName).toList() + ", got \"" + value + "\"");
    }

    /** As written in connector.toml. */
    public String configName() {
        return configName;
    }

    /** The pgvector distance operator, for queries. */
    public String operator() {
        return operator;
    }

    /** The operator class of the HNSW index. */
    public String operatorClass() {
        return operatorClass;
    }
}
