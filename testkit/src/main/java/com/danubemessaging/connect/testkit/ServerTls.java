package com.danubemessaging.connect.testkit;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Server TLS credentials from PEM files. The key goes through an in-memory JKS key store instead of the
 * PKCS#12 one Netty builds from files, whose 10 000-round PBKDF2 costs seconds in a cold JVM.
 */
final class ServerTls {

    private static final char[] IN_MEMORY_PASSWORD = "testkit".toCharArray();

    private ServerTls() {
    }

    static ServerCredentials credentials(Path certChainPem, Path privateKeyPem) throws IOException {
        try {
            Certificate[] chain;
            try (InputStream in = Files.newInputStream(certChainPem)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
            }
            if (chain.length == 0) {
                throw new IOException("no certificate in " + certChainPem);
            }
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setKeyEntry("server", readKey(privateKeyPem), IN_MEMORY_PASSWORD, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY_PASSWORD);
            return TlsServerCredentials.newBuilder().keyManager(factory.getKeyManagers()).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use TLS files " + certChainPem + " / " + privateKeyPem + ": "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path pem) throws IOException {
        try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("no unencrypted private key in " + pem + " (found "
                    + (object == null ? "nothing" : object.getClass().getSimpleName()) + ")");
        }
    }
}
