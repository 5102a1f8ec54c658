package io.github.redishajunit.internal.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * fabric8 takes the client key's algorithm from its PEM header and assumes RSA for a PKCS#8 key ({@code BEGIN
 * PRIVATE KEY}), so a kubeconfig with a PKCS#8 EC key fails with {@code Invalid DER: object is not integer}. This
 * asks the JDK which algorithm the key is for and tells fabric8. The key itself is only parsed, never kept.
 */
final class ClientKeyAlgorithm {

    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    private ClientKeyAlgorithm() {}

    /**
     * Sets {@code clientKeyAlgo} to the algorithm of a PKCS#8 client key (the algorithm fabric8 guessed, null or
     * {@code RSA}, may be wrong for it); other keys are left as they are.
     */
    public static Config fix(Config config) {
        pem(config).flatMap(ClientKeyAlgorithm::detect).ifPresent(config::setClientKeyAlgo);
        return config;
    }

    /** The algorithm of a PKCS#8 PEM private key, if it is one. */
    static Optional<String> detect(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        for (String algorithm : ALGORITHMS) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return Optional.of(algorithm);
            } catch (GeneralSecurityException e) {
                // try the next one
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pem(Config config) {
        try {
            if (config.getClientKeyData() != null) {
                return Optional.of(new String(Base64.getMimeDecoder().decode(config.getClientKeyData()),
                        StandardCharsets.US_ASCII));
            }
            if (config.getClientKeyFile() != null) {
                return Optional.of(Files.readString(Path.of(config.getClientKeyFile()), StandardCharsets.US_ASCII));
            }
        } catch (IOException | IllegalArgumentException e) {
            // fabric8 reports an unreadable key itself
        }
        return Optional.empty();
    }
}
