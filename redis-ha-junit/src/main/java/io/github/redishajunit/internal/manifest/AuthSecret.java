package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code @RedisHACluster(auth = true)}: a Secret with a random password that the provisioned stack takes its {@code
 * requirepass} and {@code masterauth} from. The password exists only in the Secret and in the pods' environment;
 * the handles find it there the way they find any stack's.
 */
@API(status = API.Status.INTERNAL)
public final class AuthSecret {

    public static final String NAME = "redis-ha-junit-auth";
    static final String KEY = "password";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthSecret() {}

    /** Creates the Secret (labelled for sweeps) and returns its name. */
    public static String create(KubernetesClient client, String namespace, Map<String, String> labels) {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                        .withNewMetadata().withName(NAME).addToLabels(labels).endMetadata()
                        .addToData(KEY, Base64.getEncoder().encodeToString(
                                password.toString().getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();
        return NAME;
    }
}
