package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files users hand to connectors: certificate bundles, private keys (PKCS#8 {@code PRIVATE KEY},
 * PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, the forms OpenSSL and cert-manager write) and public
 * keys. Each is given as a {@code source}: a file path, or the PEM text itself (a value starting with
 * {@code -----BEGIN}, e.g. {@code ${env:MQTT_CA_CERT}} filled from a Kubernetes Secret). Every error is a
 * {@link ConfigurationException} that names the config key and the file, never the key material.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
            0x01};

    private PemFiles() {
    }

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and DER bytes. */
    private record Block(String label, byte[] der) {
    }

    /** Every certificate in a PEM bundle; at least one. */
    public static List<X509Certificate> certificates(String source, String key) {
        String file = describe(source);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (Block block : blocks(source, key)) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new ConfigurationException(key + ": " + file + " holds a CERTIFICATE block that is not a valid"
                        + " X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new ConfigurationException(key + ": " + file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    /** The first private key of the file, in any of the three common unencrypted PEM forms. */
    public static PrivateKey privateKey(String source, String key) {
        String file = describe(source);
        for (Block block : blocks(source, key)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), file, key);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs8(RSA_ALGORITHM, block.der()), file, key);
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs8(ecAlgorithm(block.der(), file, key), block.der()), file, key);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new ConfigurationException(key + ": " + file
                        + " holds an encrypted private key; decrypt it first (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // certificates or parameters next to the key: keep looking
                }
            }
        }
        throw new ConfigurationException(key + ": " + file + " holds no private key (expected -----BEGIN PRIVATE"
                + " KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** A public key from a {@code PUBLIC KEY} block, or the key of the first {@code CERTIFICATE}. */
    public static PublicKey publicKey(String source, String key) {
        String file = describe(source);
        for (Block block : blocks(source, key)) {
            if (block.label().equals("PUBLIC KEY")) {
                for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der()));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
                throw new ConfigurationException(key + ": " + file + " holds a PUBLIC KEY that is neither RSA, EC"
                        + " nor Ed25519");
            }
            if (block.label().equals("CERTIFICATE")) {
                return certificates(source, key).get(0).getPublicKey();
            }
        }
        throw new ConfigurationException(key + ": " + file + " holds no -----BEGIN PUBLIC KEY----- or CERTIFICATE"
                + " block");
    }

    /** True when {@code source} is PEM text rather than a path. */
    public static boolean isInline(String source) {
        return source.stripLeading().startsWith("-----BEGIN");
    }

    /** How errors name a source: its path, or "the PEM text" (never the text itself). */
    private static String describe(String source) {
        return isInline(source) ? "the PEM text" : source;
    }

    private static List<Block> blocks(String source, String key) {
        String text;
        String file = describe(source);
        if (isInline(source)) {
            text = source;
        } else {
            try {
                text = Files.readString(Path.of(source), StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(key + ": file " + file + " does not exist");
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new ConfigurationException(key + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key + ": " + file + " has a " + matcher.group(1)
                        + " block that is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new ConfigurationException(key + ": " + file + " is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der, String file, String key) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigurationException(key + ": " + file + " holds a private key this JVM cannot read (not RSA,"
                + " EC or Ed25519)");
    }

    /** The PKCS#8 AlgorithmIdentifier of a SEC1 key: id-ecPublicKey with the curve OID from its [0] field. */
    private static byte[] ecAlgorithm(byte[] sec1, String file, String key) {
        Der.Element sequence = Der.read(sec1, 0);
        int at = sequence.contentStart();
        while (at < sequence.end()) {
            Der.Element field = Der.read(sec1, at);
            if (field.tag() == (byte) 0xa0) {
                Der.Element curve = Der.read(sec1, field.contentStart());
                byte[] curveOid = Der.slice(sec1, curve.start(), curve.end());
                return Der.sequence(EC_PUBLIC_KEY_OID, curveOid);
            }
            at = field.end();
        }
        throw new ConfigurationException(key + ": " + file + " holds an EC PRIVATE KEY without its curve; convert"
                + " it with openssl pkcs8 -topk8 -nocrypt");
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, OCTET STRING privateKey }. */
    private static byte[] wrapPkcs8(byte[] algorithm, byte[] privateKey) {
        return Der.sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.encode((byte) 0x04, privateKey));
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 certificate factory", e);
        }
    }

    /** The little DER this class needs: read one element's bounds, write sequences. */
    private static final class Der {
        private Der() {
        }

        record Element(byte tag, int start, int contentStart, int end) {
        }

        static Element read(byte[] der, int start) {
            if (start + 2 > der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            byte tag = der[start];
            int length = der[start + 1] & 0xff;
            int contentStart = start + 2;
            if (length > 0x80) {
                int bytes = length - 0x80;
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[contentStart + i] & 0xff);
                }
                contentStart += bytes;
            }
            return new Element(tag, start, contentStart, contentStart + length);
        }

        static byte[] slice(byte[] der, int from, int to) {
            byte[] out = new byte[to - from];
            System.arraycopy(der, from, out, 0, out.length);
            return out;
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                content.writeBytes(part);
            }
            return encode((byte) 0x30, content.toByteArray());
        }

        static byte[] encode(byte tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write((length >>> (8 * i)) & 0xff);
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
