package com.danubemessaging.connect.testkit;

import io.grpc.Context;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Role-based access control as upstream enforces it when authentication is on
 * ({@code danube-broker/src/security/authz.rs} {@code enforce_authorization}): default-deny; a call is allowed
 * when a binding of the caller at cluster scope, at the resource's namespace or on the resource itself grants the
 * permission. Super-admins and {@code broker_internal} principals bypass it; with authentication off every caller
 * is anonymous and allowed. Bindings survive restarts (upstream keeps them in the metadata store). Thread-safe.
 */
final class Rbac {

    /** The authenticated caller, set by {@link JwtAuthCheck}; absent when authentication is off. */
    static final Context.Key<Principal> PRINCIPAL = Context.key("danube-principal");

    /** Who a token names: {@code principal_type} ({@code user}, {@code service_account}, ...) and name. */
    record Principal(String type, String name) {
    }

    /** What a call touches, printed as upstream's {@code Resource} Debug form in deny reasons. */
    record Resource(String kind, String name) {
        static final Resource CLUSTER = new Resource("Cluster", "");

        static Resource topic(String topic) {
            return new Resource("Topic", topic);
        }

        static Resource schemaSubject(String subject) {
            return new Resource("SchemaSubject", subject);
        }

        String scope() {
            return switch (kind) {
                case "Cluster" -> "cluster";
                case "Namespace" -> "namespace";
                default -> "topic";
            };
        }

        @Override
        public String toString() {
            return name.isEmpty() && kind.equals("Cluster") ? kind : kind + "(\"" + name + "\")";
        }
    }

    private record Binding(String principalType, String principalName, RbacScope scope, Set<Permission> granted) {
    }

    private final boolean enabled;
    private final Set<String> superAdmins;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    Rbac(boolean enabled, Set<String> superAdmins) {
        this.enabled = enabled;
        this.superAdmins = Set.copyOf(superAdmins);
    }

    void grant(String principalType, String principalName, RbacScope scope, Permission... permissions) {
        if (permissions.length == 0) {
            throw new IllegalArgumentException("grant at least one permission");
        }
        bindings.add(new Binding(principalType, principalName, scope, EnumSet.copyOf(List.of(permissions))));
    }

    /** Throws PERMISSION_DENIED with upstream's reason unless the current caller may do {@code permission}. */
    void enforce(Resource resource, Permission permission) {
        Principal caller = PRINCIPAL.get();
        if (!enabled || caller == null || "broker_internal".equals(caller.type())
                || superAdmins.contains(caller.name())) {
            return;
        }
        for (Binding b : bindings) {
            if (b.principalType().equals(caller.type()) && b.principalName().equals(caller.name())
                    && applies(b.scope(), resource) && b.granted().contains(permission)) {
                return;
            }
        }
        throw Status.PERMISSION_DENIED.withDescription("no binding grants " + permission.upstreamName() + " on "
                + resource + " for " + caller.type() + ":" + caller.name()).asRuntimeException();
    }

    /** {@code list_bindings_for_resource}: cluster bindings always, then the namespace's, then the resource's own. */
    private static boolean applies(RbacScope scope, Resource resource) {
        String resourceScope = resource.scope();
        return switch (scope.kind()) {
            case "cluster" -> true;
            case "namespace" -> !resourceScope.equals("cluster") && scope.resource().equals(namespaceOf(resource));
            case "topic" -> resourceScope.equals("topic") && scope.resource().equals(resource.name());
            default -> false;
        };
    }

    /** Upstream {@code extract_namespace}: the first path segment, or the whole name when it has no '/'. */
    private static String namespaceOf(Resource resource) {
        if (resource.scope().equals("namespace")) {
            return resource.name();
        }
        String trimmed = resource.name().replaceFirst("^/+", "");
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
