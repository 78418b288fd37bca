package com.danubemessaging.connect.operator.secrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.render.SecretReferences;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Watches the Secrets of the watched namespaces and acts on the ones connectors reference: an index on the primary
 * cache maps a Secret to the CRs that name it, so a change re-reconciles exactly those CRs (and re-rolls their pods
 * through the config hash). The API server cannot filter by "referenced", so the informer lists and watches every
 * Secret of those namespaces; to fit in memory whatever else lives there, the list is read in pages of
 * {@link #LIST_PAGE_SIZE} and the store keeps digests, never values ({@link DigestingSecretStore}), so a full Secret
 * is held only while its page is being digested.
 */
public final class ReferencedSecrets {

    /** Index of the primary cache: "namespace/secret" → CRs referencing it. */
    public static final String INDEX = "referenced-secrets";

    /**
     * Secrets per list request ({@code limit}, then {@code continue}). A Secret holds at most 1 MiB, so one page is
     * at most about 50 MiB of JSON even in the worst case, and typically far less.
     */
    public static final long LIST_PAGE_SIZE = 50;

    private ReferencedSecrets() {
    }

    public static <P extends DanubeConnector> InformerEventSource<Secret, P> eventSource(EventSourceContext<P> context) {
        context.getPrimaryCache().addIndexer(INDEX, ReferencedSecrets::indexKeys);
        var config = InformerEventSourceConfiguration.from(Secret.class, context.getPrimaryResourceClass())
                .withName("referenced-secrets")
                .withNamespacesInheritedFromController()
                .withItemStore(new DigestingSecretStore())
                .withInformerListLimit(LIST_PAGE_SIZE)
                .withPrimaryToSecondaryMapper((P primary) -> primary.getSpec() == null ? Set.of()
                        : SecretReferences.names(primary.getSpec()).stream()
                                .map(name -> new ResourceID(name, primary.getMetadata().getNamespace()))
                                .collect(Collectors.toSet()))
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(config, context);
    }

    /** Digests of the referenced Secrets that exist, by name. */
    public static Map<String, SecretDigest> digests(Context<? extends DanubeConnector> context) {
        Map<String, SecretDigest> digests = new HashMap<>();
        for (Secret secret : context.getSecondaryResources(Secret.class)) {
            SecretDigest digest = SecretDigest.fromStripped(DigestingSecretStore.strip(secret));
            digests.put(digest.name(), digest);
        }
        return digests;
    }

    static List<String> indexKeys(DanubeConnector cr) {
        if (cr.getSpec() == null) {
            return List.of();
        }
        return SecretReferences.names(cr.getSpec()).stream().map(n -> key(cr.getMetadata().getNamespace(), n))
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
