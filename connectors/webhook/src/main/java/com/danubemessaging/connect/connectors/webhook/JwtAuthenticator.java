package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConfigurationException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code type = "jwt"}: {@code Authorization: Bearer <token>} must carry a JWT signed with the configured key (HS256/
 * 384/512 with the secret of {@code secret_env}; RS/PS with an RSA or ES with an EC {@code public_key_path}), with
 * {@code sub} and an unexpired {@code exp} (60 s of clock skew), as upstream's jsonwebtoken validation demands. The
 * algorithm family follows the configured key, so a token cannot pick a weaker one ("none", or HS with the public
 * key as secret).
 */
final class JwtAuthenticator implements Authenticator {
    private static final int CLOCK_SKEW_SECONDS = 60;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private JwtAuthenticator(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    static JwtAuthenticator withSecret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new ConfigurationException("auth.secret_env: the JWT secret has " + bytes.length + " bytes; HS256"
                    + " needs at least 32 (RFC 7518 §3.2)");
        }
        return new JwtAuthenticator(Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512),
                new ImmutableSecret<>(bytes));
    }

    static JwtAuthenticator withPublicKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new JwtAuthenticator(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                    JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512),
                    new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(rsa).build())));
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new ConfigurationException("auth.public_key_path: the EC key's curve is not one JWT uses"
                        + " (P-256, P-384, P-521)");
            }
            return new JwtAuthenticator(JWSAlgorithm.Family.EC,
                    new ImmutableJWKSet<>(new JWKSet(new ECKey.Builder(curve, ec).build())));
        }
        throw new ConfigurationException("auth.public_key_path: a " + key.getAlgorithm() + " key cannot verify JWTs"
                + " here; use an RSA or EC public key");
    }

    @Override
    public String refusal(Function<String, String> headers, byte[] body) {
        String authorization = headers.apply("authorization");
        if (authorization == null) {
            return "missing Authorization header";
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Authorization header is not \"Bearer <token>\"";
        }
        try {
            JWTClaimsSet claims = processor.process(authorization.substring(7).trim(), null);
            return claims == null ? "invalid JWT" : null;
        } catch (ParseException e) {
            return "not a JWT: " + e.getMessage();
        } catch (BadJOSEException e) {
            return "invalid JWT: " + e.getMessage();
        } catch (JOSEException e) {
            return "JWT cannot be verified: " + e.getMessage();
        }
    }
}
