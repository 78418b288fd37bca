package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigurationException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds {@link SSLContext}s from PEM files. Trust is the JVM's default CA set, or exactly the certificates of a CA
 * file; nothing here ever turns verification off.
 */
public final class TlsContexts {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /**
     * A client context.
     *
     * @param caFile  PEM bundle (path or text) of the CAs to trust, or null for the JVM's default trust store
     * @param keyPair the client certificate and key for mutual TLS, or null
     */
    public static SSLContext client(String caFile, String caKey, PemKeyPair keyPair) {
        return context(keyPair == null ? null : keyManagers(keyPair),
                caFile == null ? null : trustManagers(caFile, caKey));
    }

    /**
     * A server context presenting {@code keyPair}.
     *
     * @param clientCaFile PEM bundle of the CAs client certificates must chain to, or null (no client certificates)
     */
    public static SSLContext server(PemKeyPair keyPair, String clientCaFile, String clientCaKey) {
        return context(keyManagers(keyPair), clientCaFile == null ? null : trustManagers(clientCaFile, clientCaKey));
    }

    /** A key store holding the key pair, for libraries that want one (Jetty). */
    public static KeyStore keyStore(PemKeyPair keyPair) {
        List<X509Certificate> chain = PemFiles.certificates(keyPair.certificateFile(), keyPair.certificateKey());
        PrivateKey key = PemFiles.privateKey(keyPair.privateKeyFile(), keyPair.privateKeyKey());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(keyPair.privateKeyKey() + ": the key does not fit the certificate of "
                    + keyPair.certificateKey() + ": " + e.getMessage(), e);
        }
    }

    /** The password of the entries of {@link #keyStore} (they never leave memory). */
    public static char[] keyStorePassword() {
        return IN_MEMORY_PASSWORD.clone();
    }

    private static KeyManager[] keyManagers(PemKeyPair keyPair) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore(keyPair), IN_MEMORY_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(keyPair.privateKeyKey() + ": cannot use the key: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String caFile, String key) {
        List<X509Certificate> cas = PemFiles.certificates(caFile, key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(key + ": cannot trust its certificates: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate (chain) and its private key, each a path or PEM text, with the config key that named it (for
     * errors).
     */
    public record PemKeyPair(String certificateFile, String certificateKey, String privateKeyFile,
                             String privateKeyKey) {
    }
}
