package com.danubemessaging.connect.operator.secrets;

import java.util.List;
import java.util.Map;

import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.render.SecretReferences;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** The Secrets that connectors reference (see {@link ReferencedObjects}); the cache holds no secret material. */
public final class ReferencedSecrets {

    /** Index of the primary cache: "namespace/secret" → CRs referencing it; also the event source name. */
    public static final String INDEX = "referenced-secrets";

    /** Secrets per list request of the informer (it lists every Secret of the watched namespaces, in pages). */
    public static final long LIST_PAGE_SIZE = ReferencedObjects.LIST_PAGE_SIZE;

    private static final ReferencedObjects<Secret> SECRETS = new ReferencedObjects<>(Secret.class, INDEX,
            SecretReferences::names, secret -> SecretDigest.fromStripped(DigestingSecretStore.strip(secret)));

    private ReferencedSecrets() {
    }

    public static <P extends DanubeConnector> InformerEventSource<Secret, P> eventSource(EventSourceContext<P> context) {
        return SECRETS.eventSource(context, new DigestingSecretStore());
    }

    /** Digests of the referenced Secrets that exist, by name. */
    public static Map<String, SecretDigest> digests(Context<? extends DanubeConnector> context) {
        return SECRETS.digests(context);
    }

    static List<String> indexKeys(DanubeConnector cr) {
        return SECRETS.indexKeys(cr);
    }
}
