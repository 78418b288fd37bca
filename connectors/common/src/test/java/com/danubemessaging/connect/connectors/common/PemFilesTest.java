package com.danubemessaging.connect.connectors.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.testkit.TestCertificates;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    @Test
    void readsPkcs8KeysAndCertificateBundles() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
        assertThat(PemFiles.privateKey(certs.serverKey().toString(), "k").getAlgorithm()).isEqualTo("EC");
        Path bundle = write("bundle.pem", Files.readString(certs.caCert()) + Files.readString(certs.serverCert()));
        assertThat(PemFiles.certificates(bundle.toString(), "k")).hasSize(2);
        assertThat(PemFiles.publicKey(certs.serverCert().toString(), "k").getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void acceptsThePemTextInPlaceOfAPath() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("inline"));
        String text = "\n" + Files.readString(certs.caCert());
        assertThat(PemFiles.isInline(text)).isTrue();
        assertThat(PemFiles.certificates(text, "mqtt.ca_file")).hasSize(1);
        assertThat(PemFiles.privateKey(Files.readString(certs.serverKey()), "k").getAlgorithm()).isEqualTo("EC");
        String broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> PemFiles.certificates(broken, "mqtt.ca_file"))
                .hasMessageStartingWith("mqtt.ca_file: the PEM text holds a CERTIFICATE block that is not a valid");
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        Path file = write("rsa.key", pem(keys));
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        PrivateKey read = PemFiles.privateKey(file.toString(), "k");
        assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void readsSec1EcKeysWithTheirCurve() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = ec.generateKeyPair();
        BigInteger s = ((ECPrivateKey) keys.getPrivate()).getS();
        // SEC1 as OpenSSL writes it: version 1, the key, [0] the named curve
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, s,
                new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        Path file = write("ec.key", pem("EC PRIVATE KEY", sec1));
        ECPrivateKey read = (ECPrivateKey) PemFiles.privateKey(file.toString(), "k");
        assertThat(read.getS()).isEqualTo(s);
    }

    @Test
    void explainsKeysItCannotUse() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        BigInteger s = ((ECPrivateKey) ec.generateKeyPair().getPrivate()).getS();
        Path noCurve = write("nocurve.key", pem("EC PRIVATE KEY",
                new org.bouncycastle.asn1.sec.ECPrivateKey(256, s).getEncoded()));
        assertThatThrownBy(() -> PemFiles.privateKey(noCurve.toString(), "mqtt.client_key_file"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mqtt.client_key_file: ").hasMessageContaining("without its curve");
        Path encrypted = write("enc.key", pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted.toString(), "x.key")).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("missing.key").toString(), "x.key"))
                .hasMessage("x.key: file " + dir.resolve("missing.key") + " does not exist");
        Path text = write("plain.txt", "hello");
        assertThatThrownBy(() -> PemFiles.certificates(text.toString(), "x.ca")).hasMessageContaining("is not a PEM file");
        Path keyOnly = write("keyonly.pem", pem("PRIVATE KEY", new byte[] {1}));
        assertThatThrownBy(() -> PemFiles.certificates(keyOnly.toString(), "x.ca"))
                .hasMessageContaining("holds no -----BEGIN CERTIFICATE----- block");
    }
}
