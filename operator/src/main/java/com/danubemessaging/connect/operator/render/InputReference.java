package com.danubemessaging.connect.operator.render;

/**
 * One reference from a connector spec to a Secret or ConfigMap that its pods use.
 *
 * @param kind {@code Secret} or {@code ConfigMap}
 * @param name name of the object in the connector's namespace
 * @param key required key, or null when the whole object is used
 * @param optional true when the pod may start without it ({@code optional: true})
 * @param field the spec field, for error messages
 * @param rollsPods true when a change of the data must roll the pods (it enters the config hash); false for the
 *        Danube token, which the runtime re-reads from its mounted file
 */
public record InputReference(String kind, String name, String key, boolean optional, String field,
        boolean rollsPods) {

    public static final String SECRET = "Secret";
    public static final String CONFIG_MAP = "ConfigMap";

    static InputReference secret(String name, String key, boolean optional, String field) {
        return new InputReference(SECRET, name, key, optional, field, true);
    }

    static InputReference configMap(String name, String key, boolean optional, String field) {
        return new InputReference(CONFIG_MAP, name, key, optional, field, true);
    }
}
