package com.danubemessaging.connect.connectors.mqtt;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA for client certificates and one client certificate signed by it, for mutual TLS. The client key is RSA,
 * written the way {@code openssl genrsa -traditional} and cert-manager write it ({@code -----BEGIN RSA PRIVATE
 * KEY-----}, PKCS#1), which the connector must read.
 */
record ClientCertificates(Path caCert, Path clientCert, Path clientKey) {

    static ClientCertificates generate(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair caKeys = ecKeys();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair clientKeys = rsa.generateKeyPair();
        X500Name caName = new X500Name("CN=Test Client CA");
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofMinutes(5)));
        Date to = Date.from(now.plus(Duration.ofDays(1)));
        JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName,
                caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate caCert = new JcaX509CertificateConverter()
                .getCertificate(ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        JcaX509v3CertificateBuilder client = new JcaX509v3CertificateBuilder(caName, serial(), from, to,
                new X500Name("CN=danube-connector"), clientKeys.getPublic());
        client.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate clientCert = new JcaX509CertificateConverter().getCertificate(
                client.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        ClientCertificates files = new ClientCertificates(dir.resolve("client-ca.pem"), dir.resolve("client.pem"),
                dir.resolve("client.key"));
        Files.writeString(files.caCert(), pem(caCert));
        Files.writeString(files.clientCert(), pem(clientCert));
        Files.writeString(files.clientKey(), pem(clientKeys)); // a KeyPair is written as "RSA PRIVATE KEY"
        return files;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
