package com.danubemessaging.connect.operator.secrets;

import java.util.Map;

import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.render.ConfigMapReferences;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The ConfigMaps that connectors reference (schema files, env, envFrom, volumes; see {@link ReferencedObjects}).
 * A separate event source from the one of the operator's own ConfigMaps, which is label-selected.
 */
public final class ReferencedConfigMaps {

    /** Index of the primary cache: "namespace/configmap" → CRs referencing it; also the event source name. */
    public static final String INDEX = "referenced-configmaps";

    private static final ReferencedObjects<ConfigMap> CONFIG_MAPS = new ReferencedObjects<>(ConfigMap.class, INDEX,
            ConfigMapReferences::names,
            configMap -> SecretDigest.fromStripped(DigestingConfigMapStore.strip(configMap)));

    private ReferencedConfigMaps() {
    }

    public static <P extends DanubeConnector> InformerEventSource<ConfigMap, P> eventSource(
            EventSourceContext<P> context) {
        return CONFIG_MAPS.eventSource(context, new DigestingConfigMapStore());
    }

    /** Digests of the referenced ConfigMaps that exist, by name. */
    public static Map<String, SecretDigest> digests(Context<? extends DanubeConnector> context) {
        return CONFIG_MAPS.digests(context);
    }
}
