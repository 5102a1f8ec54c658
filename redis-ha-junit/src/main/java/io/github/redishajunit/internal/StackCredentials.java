package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The stack's password, found where its own pods say it is or where the options point; held as a {@code char[]}
 * behind a Lettuce credentials provider, never as a string, and never in a message: messages say only where it was
 * found ({@link Found#source()}) or where it was looked for ({@link #LOOKED_FOR}).
 *
 * <p>Order: {@code --password-env VAR} ({@value RedisHACluster#PASSWORD_ENV_KEY}), a variable of this JVM's
 * environment; {@code --password-secret NAME[:KEY]} ({@value RedisHACluster#PASSWORD_SECRET_KEY}); the Redis
 * container's env {@code REDIS_PASSWORD}, {@code REDISCLI_AUTH} or {@code REDIS_MASTER_PASSWORD} (from a {@code
 * secretKeyRef} or a value), or the variable its {@code --requirepass} argument names; else no password.
 */
final class StackCredentials {

    static final List<String> PASSWORD_ENV_NAMES = List.of("REDIS_PASSWORD", "REDISCLI_AUTH", "REDIS_MASTER_PASSWORD");
    static final List<String> DEFAULT_SECRET_KEYS = List.of("redis-password", "password");
    static final String LOOKED_FOR = "the Redis containers' env " + String.join(", ", PASSWORD_ENV_NAMES)
            + " and their --requirepass argument, then --password-secret NAME[:KEY] ("
            + RedisHACluster.PASSWORD_SECRET_KEY + ") and --password-env VAR (" + RedisHACluster.PASSWORD_ENV_KEY + ")";

    private static final Pattern REQUIREPASS = Pattern.compile("--requirepass[= ]+[\"']?\\$[({]?([A-Za-z_][A-Za-z0-9_]*)");

    private StackCredentials() {}

    /** What was configured: {@code user}, {@code passwordSecret} ({@code NAME[:KEY]}), {@code passwordEnv}. */
    record Options(Optional<String> user, Optional<String> passwordSecret, Optional<String> passwordEnv) {
        static Options none() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * @param provider empty when no password was found (the servers are expected to need none)
     * @param source where it was found, for progress lines and messages; never the value
     */
    record Found(Optional<RedisCredentialsProvider> provider, String source) {}

    static Found find(KubernetesClient client, String namespace, List<Pod> dataPods, Options options,
            Function<String, String> environment) {
        Optional<String> user = options.user();
        if (options.passwordEnv().isPresent()) {
            String variable = options.passwordEnv().get();
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                        + RedisHACluster.PASSWORD_ENV_KEY + " = \"" + variable + "\" is invalid: the environment"
                        + " variable " + variable + " is not set or empty (fix: export " + variable + " with the"
                        + " password, or use --password-secret NAME[:KEY])");
            }
            return found(user, value.toCharArray(), "environment variable " + variable);
        }
        if (options.passwordSecret().isPresent()) {
            String ref = options.passwordSecret().get();
            int colon = ref.indexOf(':');
            String name = colon < 0 ? ref : ref.substring(0, colon);
            Optional<String> key = colon < 0 ? Optional.empty() : Optional.of(ref.substring(colon + 1));
            return fromSecret(client, namespace, name, key, user, RedisHACluster.PASSWORD_SECRET_KEY + " = \"" + ref
                    + "\"");
        }
        for (Pod pod : dataPods) {
            Optional<Container> redis = StackDiscovery.redisContainer(pod).flatMap(served -> pod.getSpec()
                    .getContainers().stream().filter(c -> c.getName().equals(served.container())).findFirst());
            if (redis.isEmpty()) {
                continue;
            }
            Optional<Found> found = fromContainer(client, namespace, pod.getMetadata().getName(), redis.get(), user);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return new Found(user.map(u -> RedisCredentialsProvider.from(() -> RedisCredentials.just(u, (char[]) null))),
                "none found (looked at " + LOOKED_FOR + ")");
    }

    private static Optional<Found> fromContainer(KubernetesClient client, String namespace, String pod,
            Container container, Optional<String> user) {
        List<EnvVar> env = Optional.ofNullable(container.getEnv()).orElse(List.of());
        List<String> names = new ArrayList<>(PASSWORD_ENV_NAMES);
        String args = String.join(" ", Optional.ofNullable(container.getCommand()).orElse(List.of())) + " "
                + String.join(" ", Optional.ofNullable(container.getArgs()).orElse(List.of()));
        Matcher requirepass = REQUIREPASS.matcher(args);
        if (requirepass.find() && !names.contains(requirepass.group(1))) {
            names.add(requirepass.group(1));
        }
        for (String name : names) {
            Optional<EnvVar> var = env.stream().filter(e -> name.equals(e.getName())).findFirst();
            if (var.isEmpty()) {
                continue;
            }
            String where = "env " + name + " of container " + container.getName() + " in pod " + pod;
            if (var.get().getValue() != null && !var.get().getValue().isEmpty()) {
                return Optional.of(found(user, var.get().getValue().toCharArray(), where));
            }
            SecretKeySelector ref = var.get().getValueFrom() == null ? null
                    : var.get().getValueFrom().getSecretKeyRef();
            if (ref != null) {
                Found found = fromSecret(client, namespace, ref.getName(), Optional.ofNullable(ref.getKey()), user,
                        where);
                return Optional.of(new Found(found.provider(), found.source() + " (" + where + ")"));
            }
        }
        return Optional.empty();
    }

    private static Found fromSecret(KubernetesClient client, String namespace, String name, Optional<String> key,
            Optional<String> user, String why) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new ExtensionConfigurationException("@RedisHACluster cannot read Secret " + name
                        + " in namespace " + namespace + " (named by " + why + "): forbidden (fix: grant this user"
                        + " 'get' on secrets there, or give the password with --password-env VAR)", e);
            }
            throw e;
        }
        if (secret == null) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot find the password: Secret " + name
                    + " (named by " + why + ") does not exist in namespace " + namespace + " (fix: create it, or"
                    + " name another with --password-secret NAME[:KEY])");
        }
        // the API server returns data (base64) only; stringData (plain) is what a client may have written
        Map<String, String> data = new java.util.TreeMap<>(Optional.ofNullable(secret.getData()).orElse(Map.of()));
        Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach((k, v) -> data.putIfAbsent(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        String chosen = key.orElseGet(() -> data.size() == 1 ? data.keySet().iterator().next()
                : DEFAULT_SECRET_KEYS.stream().filter(data::containsKey).findFirst().orElse(null));
        if (chosen == null || !data.containsKey(chosen)) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot find the password: Secret " + name
                    + " in namespace " + namespace + " (named by " + why + ") has no key "
                    + (chosen == null ? String.join(" or ", DEFAULT_SECRET_KEYS) : chosen) + " (its keys: "
                    + String.join(", ", data.keySet()) + "; fix: --password-secret " + name + ":KEY)");
        }
        byte[] bytes = Base64.getDecoder().decode(data.get(chosen));
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(bytes, (byte) 0);
        return found(user, password, "Secret " + name + " key " + chosen);
    }

    private static Found found(Optional<String> user, char[] password, String source) {
        String username = user.orElse(null);
        return new Found(Optional.of(RedisCredentialsProvider.from(() -> RedisCredentials.just(username, password))),
                source + user.map(u -> ", user " + u).orElse(""));
    }
}
