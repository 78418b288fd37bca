package com.danubemessaging.connect.connectors.kafka;

/**
 * How the consumer authenticates and encrypts: {@code security_protocol} with the SASL and TLS keys of
 * {@code [kafka]}. Secrets are {@link Secret}s, so printing this record shows none of them.
 *
 * @param protocol                  {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism             {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512} (or another one with
 *                                  {@code properties."sasl.jaas.config"}); null without SASL
 * @param saslUsername              the SASL user; null without SASL or with an explicit JAAS config
 * @param saslPassword              the SASL password; null likewise
 * @param sslCaPem                  the CA certificates to trust, PEM ({@code ssl_ca_file} or {@code ssl_ca_pem});
 *                                  null = the JVM's trust store
 * @param sslCertPem                the client certificate chain for mutual TLS, PEM; null without
 * @param sslKeyPem                 the PKCS#8 private key of {@code sslCertPem}, PEM; null without
 * @param sslKeyPassword            password of an encrypted {@code sslKeyPem}; null for a plain key
 * @param sslEndpointIdentification whether the broker's host name is checked against its certificate
 */
record KafkaSecurity(String protocol, String saslMechanism, String saslUsername, Secret saslPassword,
                     String sslCaPem, String sslCertPem, Secret sslKeyPem, Secret sslKeyPassword,
                     boolean sslEndpointIdentification) {

    static final String PLAINTEXT = "PLAINTEXT";

    boolean usesSasl() {
        return protocol.startsWith("SASL_");
    }

    boolean usesTls() {
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }
}
