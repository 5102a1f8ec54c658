package io.github.redishajunit.internal.manifest;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A CA made for one provisioned stack and the one certificate its servers present (and this library presents as a
 * client): EC P-256 keys, signed with SHA-256, the server certificate naming every name given (DNS names, wildcards
 * included, and IP addresses) as subject alternative names, for both server and client authentication. The CA's key
 * is dropped once it has signed: nothing else is ever issued under it.
 *
 * @param caPem the CA certificate, PEM
 * @param certificatePem the servers' certificate, PEM
 * @param keyPem its key, PKCS#8 PEM, unencrypted (as {@code redis-server --tls-key-file} reads it)
 */
record StackCertificates(byte[] caPem, byte[] certificatePem, byte[] keyPem) {

    /** How long both are valid: longer than any run; the TLS step warns under 30 days. */
    static final Duration VALIDITY = Duration.ofDays(365);

    private static final String EC_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A CA named {@code caName} and a certificate for {@code names} (the first is its common name). */
    static StackCertificates issue(String caName, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        try {
            KeyPair ca = keyPair();
            KeyPair server = keyPair();
            Instant from = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
            Instant until = from.plus(VALIDITY);
            byte[] caId = keyId(ca);
            byte[] caCertificate = sign(ca.getPrivate(), tbs(caName, from, until, caName, ca,
                    extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))),
                    // keyCertSign and cRLSign: bits 5 and 6
                    extension(KEY_USAGE, true, Der.bits(new byte[] {0x06}, 1)),
                    extension(SUBJECT_KEY_ID, false, Der.octets(caId))));
            byte[] certificate = sign(ca.getPrivate(), tbs(caName, from, until, names.get(0), server,
                    extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                    // digitalSignature: bit 0
                    extension(KEY_USAGE, true, Der.bits(new byte[] {(byte) 0x80}, 7)),
                    extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))),
                    extension(SUBJECT_ALT_NAME, false, alternativeNames(names)),
                    extension(SUBJECT_KEY_ID, false, Der.octets(keyId(server))),
                    extension(AUTHORITY_KEY_ID, false, Der.sequence(Der.implicit(0, caId)))));
            return new StackCertificates(pem("CERTIFICATE", caCertificate), pem("CERTIFICATE", certificate),
                    pem("PRIVATE KEY", server.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make an EC P-256 key or sign with SHA256withECDSA: "
                    + e.getMessage(), e);
        }
    }

    /** A version 3 certificate's signed part: {@code subject}'s key, issued by {@code issuer}, with extensions. */
    private static byte[] tbs(String issuer, Instant from, Instant until, String subject, KeyPair key,
            byte[]... extensions) {
        return Der.sequence(Der.explicit(0, Der.integer(BigInteger.TWO)), serial(),
                Der.sequence(Der.oid(EC_WITH_SHA256)), name(issuer), Der.sequence(Der.time(from), Der.time(until)),
                name(subject), key.getPublic().getEncoded(), Der.explicit(3, Der.sequence(extensions)));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A positive 127-bit serial number, unique in practice. */
    private static byte[] serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x01;
        return Der.integer(new BigInteger(bytes));
    }

    /** {@code CN=name}. */
    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octets(value))
                : Der.sequence(Der.oid(oid), Der.octets(value));
    }

    /** {@code dNSName [2]} for a name, {@code iPAddress [7]} for an address. */
    private static byte[] alternativeNames(List<String> names) {
        List<byte[]> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(isAddress(name) ? Der.implicit(7, address(name))
                    : Der.implicit(2, name.getBytes(StandardCharsets.US_ASCII)));
        }
        return Der.sequence(entries.toArray(byte[][]::new));
    }

    static boolean isAddress(String name) {
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.contains(":");
    }

    private static byte[] address(String literal) {
        try {
            // a literal: no lookup
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    /** The SHA-1 of the public key, as RFC 5280's method 1 has it (over the whole key info: any unique value does). */
    private static byte[] keyId(KeyPair pair) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-1").digest(pair.getPublic().getEncoded());
    }

    private static byte[] sign(PrivateKey key, byte[] tbs) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key, RANDOM);
        signature.update(tbs);
        return Der.sequence(tbs, Der.sequence(Der.oid(EC_WITH_SHA256)), Der.bits(signature.sign()));
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "StackCertificates[ca=set, certificate=set, key=set]";
    }
}
