package com.danubemessaging.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requires {@code authorization: Bearer <HS256 JWT>} on every call, with the broker's error texts. */
final class JwtAuthCheck implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthCheck.class);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] secret;

    JwtAuthCheck(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String value = headers.get(AUTHORIZATION);
        if (value == null) {
            return refuse(call, "Authentication credentials are missing");
        }
        if (!value.startsWith("Bearer ") && !value.startsWith("bearer ")) {
            return refuse(call, "Invalid token"); // upstream parse_bearer_token
        }
        String token = value.substring("Bearer ".length());
        try {
            JsonNode claims = Hs256Jwt.verify(secret, token, System.currentTimeMillis() / 1000);
            Context context = Context.current().withValue(Rbac.PRINCIPAL, principalOf(claims));
            return Contexts.interceptCall(context, call, headers, next);
        } catch (Hs256Jwt.InvalidTokenException e) {
            LOG.debug("refused token on {}: {}", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
            return refuse(call, "Invalid token");
        }
    }

    /** {@code security/authn.rs} {@code principal_from_claims}: an unknown principal_type is a service account. */
    private static Rbac.Principal principalOf(JsonNode claims) {
        String type = claims.path("principal_type").asText();
        String mapped = type.equals("user") || type.equals("broker_internal") ? type : "service_account";
        return new Rbac.Principal(mapped, claims.path("principal_name").asText());
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String description) {
        call.close(Status.UNAUTHENTICATED.withDescription(description), new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
