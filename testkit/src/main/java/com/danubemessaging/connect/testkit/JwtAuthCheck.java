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
    /** The authenticated subject ({@code sub} claim), for handlers that want it. */
    static final Context.Key<String> SUBJECT = Context.key("danube-subject");

    private final byte[] secret;

    JwtAuthCheck(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String value = headers.get(AUTHORIZATION);
        String token = null;
        if (value != null && (value.startsWith("Bearer ") || value.startsWith("bearer "))) {
            token = value.substring("Bearer ".length()).trim();
        }
        if (token == null || token.isEmpty()) {
            return refuse(call, "Authentication credentials are missing");
        }
        try {
            JsonNode claims = Hs256Jwt.verify(secret, token, System.currentTimeMillis() / 1000);
            Context context = Context.current().withValue(SUBJECT, claims.path("sub").asText(""));
            return Contexts.interceptCall(context, call, headers, next);
        } catch (Hs256Jwt.InvalidTokenException e) {
            LOG.debug("refused token on {}: {}", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
            return refuse(call, "Invalid token");
        }
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String description) {
        call.close(Status.UNAUTHENTICATED.withDescription(description), new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
