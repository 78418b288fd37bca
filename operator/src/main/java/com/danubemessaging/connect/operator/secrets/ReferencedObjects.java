package com.danubemessaging.connect.operator.secrets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.DanubeConnector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Watches the objects of one kind (Secrets, ConfigMaps) that connectors reference, and only them as far as
 * reconciliation goes: an index on the primary cache maps an object to the CRs that name it, so a change
 * re-reconciles exactly those CRs (and re-rolls their pods through the config hash). The API server cannot filter
 * by "referenced", so the informer lists and watches every object of the kind in the watched namespaces; to fit in
 * memory whatever else lives there, the list is read in pages of {@link #LIST_PAGE_SIZE} and the store keeps
 * digests, never values ({@link DigestingStore}), so a full object is held only while its page is being digested.
 *
 * @param <T> the referenced kind
 */
final class ReferencedObjects<T extends HasMetadata> {

    /**
     * Objects per list request ({@code limit}, then {@code continue}). A Secret or ConfigMap holds up to 1 MiB (Helm
     * release Secrets often come close), and a page in flight costs several times its JSON size in heap (response
     * buffer, parsed objects, their strings) on each of the two controllers' informers. Measured with the chart's
     * 512 MiB limit (docs/benchmarks.md, "Operator Secret watch"): pages of 50 Secrets of 1 MiB took the heap to its
     * 371 MiB cap and RSS to 501 MiB before the second list had even ended; with pages of 10, both lists peak at 191
     * MiB of heap and 330 MiB RSS, at no cost in time.
     */
    static final long LIST_PAGE_SIZE = 10;

    private final Class<T> type;
    private final String name;
    private final Function<ConnectorSpec, Set<String>> referencedNames;
    private final Function<T, SecretDigest> digestOfStripped;

    /**
     * @param name event source name, also the primary-cache index name
     * @param referencedNames names of the objects of this kind a spec references
     * @param digestOfStripped digest of an object as the store keeps it
     */
    ReferencedObjects(Class<T> type, String name, Function<ConnectorSpec, Set<String>> referencedNames,
            Function<T, SecretDigest> digestOfStripped) {
        this.type = type;
        this.name = name;
        this.referencedNames = referencedNames;
        this.digestOfStripped = digestOfStripped;
    }

    <P extends DanubeConnector> InformerEventSource<T, P> eventSource(EventSourceContext<P> context,
            ItemStore<T> store) {
        context.getPrimaryCache().addIndexer(name, this::indexKeys);
        var config = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withName(name)
                .withNamespacesInheritedFromController()
                .withItemStore(store)
                .withInformerListLimit(LIST_PAGE_SIZE)
                .withPrimaryToSecondaryMapper((P primary) -> primary.getSpec() == null ? Set.of()
                        : referencedNames.apply(primary.getSpec()).stream()
                                .map(n -> new ResourceID(n, primary.getMetadata().getNamespace()))
                                .collect(Collectors.toSet()))
                .withSecondaryToPrimaryMapper(object -> context.getPrimaryCache()
                        .byIndex(name, key(object.getMetadata().getNamespace(), object.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(config, context);
    }

    /** Digests of the referenced objects that exist, by name (read from this event source only). */
    @SuppressWarnings("unchecked")
    <P extends DanubeConnector> Map<String, SecretDigest> digests(Context<P> context) {
        InformerEventSource<T, P> source = (InformerEventSource<T, P>) context.eventSourceRetriever()
                .getEventSourceFor(type, name);
        Map<String, SecretDigest> digests = new HashMap<>();
        for (T object : source.getSecondaryResources(context.getPrimaryResource())) {
            SecretDigest digest = digestOfStripped.apply(object);
            digests.put(digest.name(), digest);
        }
        return digests;
    }

    List<String> indexKeys(DanubeConnector cr) {
        if (cr.getSpec() == null) {
            return List.of();
        }
        return referencedNames.apply(cr.getSpec()).stream().map(n -> key(cr.getMetadata().getNamespace(), n))
                .toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
