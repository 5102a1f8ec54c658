package io.github.redishajunit.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientKeyAlgorithmTest {

    private static String pkcs8Pem(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void detectsTheAlgorithmOfPkcs8Keys() throws Exception {
        assertThat(ClientKeyAlgorithm.detect(pkcs8Pem("EC", 256))).contains("EC");
        assertThat(ClientKeyAlgorithm.detect(pkcs8Pem("RSA", 2048))).contains("RSA");
        assertThat(ClientKeyAlgorithm.detect("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
                .isEmpty();
    }

    @Test
    void setsItOnAConfigWithInlineKeyData() throws Exception {
        Config config = new ConfigBuilder(Config.empty())
                .withClientKeyData(Base64.getEncoder().encodeToString(
                        pkcs8Pem("EC", 256).getBytes(StandardCharsets.US_ASCII)))
                .build();

        assertThat(ClientKeyAlgorithm.fix(config).getClientKeyAlgo()).isEqualTo("EC");
    }
}
