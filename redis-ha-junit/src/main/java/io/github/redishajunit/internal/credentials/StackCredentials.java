package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The stack's passwords, found where its own pods say they are or where the options point; held as {@code char[]}
 * behind Lettuce credentials providers, never as a string, and never in a message: messages say only where a
 * password was found ({@link Login#source()}) or every place it was looked for.
 *
 * <p>The data pods' password: {@code --password-env VAR} ({@value RedisHACluster#PASSWORD_ENV_KEY}), a variable of
 * this JVM's environment; {@code --password-secret NAME[:KEY]} ({@value RedisHACluster#PASSWORD_SECRET_KEY}); else
 * what the Redis containers' specs say ({@link ContainerPasswords#server}: env, password files, arguments,
 * configuration files), then what the rest of the pod holds ({@link ContainerPasswords#elsewhereInPod}: sidecars'
 * env, Secrets mounted for an init container), one pod per owner, every distinct value a candidate the servers are
 * asked to accept in turn ({@link DataLogins}); else a Sentinel's {@code sentinel auth-pass}; else none.
 *
 * <p>A Sentinel's password: {@code --sentinel-password-env} / {@code --sentinel-password-secret}; else one the
 * Sentinel containers state as their own ({@link ContainerPasswords#sentinelOwn}); else the logins to try in turn
 * ({@link SentinelLogins}): none, then the password the Sentinel container carries (Bitnami's {@code auth.sentinel}
 * sets it as the Sentinels' {@code requirepass} from the script), then the data pods' password.
 */
@API(status = API.Status.INTERNAL)
public final class StackCredentials {

    static final List<String> DEFAULT_SECRET_KEYS = List.of("redis-password", "password");
    public static final String OPTIONS = "--password-secret NAME[:KEY] (" + RedisHACluster.PASSWORD_SECRET_KEY
            + ") or --password-env VAR (" + RedisHACluster.PASSWORD_ENV_KEY + "), and --user NAME ("
            + RedisHACluster.USER_KEY + ") for an ACL user";
    static final String SENTINEL_OPTIONS = "--sentinel-password-secret NAME[:KEY] ("
            + RedisHACluster.SENTINEL_PASSWORD_SECRET_KEY + ") or --sentinel-password-env VAR ("
            + RedisHACluster.SENTINEL_PASSWORD_ENV_KEY + ")";

    private StackCredentials() {}

    /** What was configured: {@code user}, the password's Secret ({@code NAME[:KEY]}) or variable, the Sentinels'. */
    public record Options(Optional<String> user, Optional<String> passwordSecret, Optional<String> passwordEnv,
            Optional<String> sentinelPasswordSecret, Optional<String> sentinelPasswordEnv, GivenTls tls) {

        public Options(Optional<String> user, Optional<String> passwordSecret, Optional<String> passwordEnv,
                Optional<String> sentinelPasswordSecret, Optional<String> sentinelPasswordEnv) {
            this(user, passwordSecret, passwordEnv, sentinelPasswordSecret, sentinelPasswordEnv, GivenTls.none());
        }

        public static Options none() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
    }

    /**
     * One way to log in.
     *
     * @param provider empty for none (the server is expected to need none)
     * @param source where it was found, for progress lines and messages; never the value
     */
    public record Login(Optional<RedisCredentialsProvider> provider, String source) {
        static final Login NONE = new Login(Optional.empty(), "none");
    }

    /**
     * @param data the data pods' logins, to be tried in turn
     * @param sentinels the logins to try on a Sentinel, in order (empty when the stack has no Sentinel)
     * @param tls how the data pods speak TLS, empty when they do not
     * @param sentinelTlsPort with TLS, the Sentinels' TLS port where it is not the port they serve (a plaintext
     *     port beside it), else 0
     */
    public record Found(DataLogins data, SentinelLogins sentinels, Optional<ContainerTls.Found> tls,
            int sentinelTlsPort) {

        public Found(DataLogins data, SentinelLogins sentinels) {
            this(data, sentinels, Optional.empty(), 0);
        }

        /** The first login's credentials, empty when no password was found. */
        Optional<RedisCredentialsProvider> provider() {
            return data.first().provider();
        }

        /** Where the first login was found, or every place looked at when none was. */
        String source() {
            return data.first().source();
        }
    }

    public static Found find(KubernetesClient client, String namespace, List<Pod> dataPods, List<Pod> sentinelPods,
            Options options, Function<String, String> environment) {
        ApiValues api = new ApiValues(client, namespace);
        Optional<String> user = options.user();
        List<String> looked = new ArrayList<>();
        List<ContainerPasswords.Password> data = given(api, options.passwordEnv(), options.passwordSecret(),
                RedisHACluster.PASSWORD_ENV_KEY, RedisHACluster.PASSWORD_SECRET_KEY, environment).stream().toList();
        if (data.isEmpty()) {
            data = search(api, dataPods, StackDiscovery::redisContainer, (c, u) -> Stream.concat(c.server(u).stream(),
                    u.isEmpty() ? c.elsewhereInPod().stream() : Stream.empty()).toList(), user, looked);
        }
        if (data.isEmpty()) {
            data = search(api, sentinelPods, StackDiscovery::sentinelContainer, (c, u) -> c.authPass().stream()
                    .toList(), user, looked).stream().map(p -> new ContainerPasswords.Password(p.value(),
                    p.source() + ", the Sentinels' password for the master")).toList();
        }
        List<Login> logins = data.stream().map(p -> login(user, p)).toList();
        if (logins.isEmpty()) {
            logins = List.of(new Login(user.map(u -> provider(Optional.of(u), null)), "none found (looked at "
                    + String.join("; ", looked) + "; then the options " + OPTIONS + ")"));
        }
        Optional<ContainerTls.Found> tls = tls(api, dataPods, options.tls());
        return new Found(new DataLogins(logins), sentinelLogins(api, sentinelPods, options, environment, data), tls,
                tls.isEmpty() ? 0 : sentinelTlsPort(api, sentinelPods));
    }

    /**
     * TLS as the first data pod's server is told to speak it (a stack's data pods share one way of speaking), with
     * the material the options name in place of its own.
     */
    private static Optional<ContainerTls.Found> tls(ApiValues api, List<Pod> dataPods, GivenTls given) {
        for (Pod pod : dataPods) {
            Optional<StackDiscovery.Served> served = StackDiscovery.redisContainer(pod);
            Optional<Container> container = container(pod, served);
            if (container.isPresent()) {
                return ContainerTls.find(api, pod, container.get(), served.get().port(), given);
            }
        }
        return Optional.empty();
    }

    /** The first Sentinel's TLS port where it names one beside the port it serves, else 0. */
    private static int sentinelTlsPort(ApiValues api, List<Pod> sentinelPods) {
        for (Pod pod : sentinelPods) {
            Optional<StackDiscovery.Served> served = StackDiscovery.sentinelContainer(pod);
            Optional<Container> container = container(pod, served);
            if (container.isPresent()) {
                return ContainerTls.separateTlsPort(api, pod, container.get(), served.get().port());
            }
        }
        return 0;
    }

    private static SentinelLogins sentinelLogins(ApiValues api, List<Pod> sentinelPods, Options options,
            Function<String, String> environment, List<ContainerPasswords.Password> data) {
        if (sentinelPods.isEmpty()) {
            return new SentinelLogins(List.of(Login.NONE), "");
        }
        List<String> looked = new ArrayList<>();
        Optional<ContainerPasswords.Password> own = given(api, options.sentinelPasswordEnv(),
                options.sentinelPasswordSecret(), RedisHACluster.SENTINEL_PASSWORD_ENV_KEY,
                RedisHACluster.SENTINEL_PASSWORD_SECRET_KEY, environment)
                .or(() -> search(api, sentinelPods, StackDiscovery::sentinelContainer, (c, u) -> c.sentinelOwn()
                        .stream().toList(), Optional.empty(), looked).stream().findFirst());
        if (own.isPresent()) {
            return new SentinelLogins(List.of(login(Optional.empty(), own.get())), "");
        }
        // none stated as the Sentinels' own: a Sentinel may still require the password its container carries
        List<ContainerPasswords.Password> candidates = new ArrayList<>(search(api, sentinelPods,
                StackDiscovery::sentinelContainer, (c, u) -> c.server(u), Optional.empty(), new ArrayList<>()));
        data.stream().filter(d -> candidates.stream().noneMatch(c -> Arrays.equals(c.value(), d.value())))
                .forEach(candidates::add);
        List<Login> logins = new ArrayList<>(List.of(Login.NONE));
        candidates.forEach(c -> logins.add(login(Optional.empty(), c)));
        return new SentinelLogins(logins, "no Sentinel password of its own found (looked at " + String.join("; ",
                looked) + "; then the options " + SENTINEL_OPTIONS + ")");
    }

    /** The password an option names: a variable of this JVM's environment, or a Secret's key. */
    private static Optional<ContainerPasswords.Password> given(ApiValues api, Optional<String> env,
            Optional<String> secret, String envKey, String secretKey, Function<String, String> environment) {
        if (env.isPresent()) {
            String variable = env.get();
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new ExtensionConfigurationException("@RedisHACluster configuration parameter " + envKey
                        + " = \"" + variable + "\" is invalid: the environment variable " + variable + " is not set"
                        + " or empty (fix: export " + variable + " with the password, or name its Secret with "
                        + secretKey + ")");
            }
            return Optional.of(new ContainerPasswords.Password(value.toCharArray(), "environment variable "
                    + variable));
        }
        return secret.map(ref -> fromSecret(api, ref, secretKey + " = \"" + ref + "\""));
    }

    private static ContainerPasswords.Password fromSecret(ApiValues api, String ref, String why) {
        int colon = ref.indexOf(':');
        String name = colon < 0 ? ref : ref.substring(0, colon);
        Optional<String> key = colon < 0 ? Optional.empty() : Optional.of(ref.substring(colon + 1));
        Map<String, byte[]> data = api.keys(MountedFile.Kind.SECRET, name, why).orElseThrow(() ->
                new ExtensionConfigurationException("@RedisHACluster cannot find the password: Secret " + name
                        + " (named by " + why + ") does not exist in namespace " + api.namespace() + " (fix: create"
                        + " it, or name another with --password-secret NAME[:KEY])"));
        String chosen = key.orElseGet(() -> data.size() == 1 ? data.keySet().iterator().next()
                : DEFAULT_SECRET_KEYS.stream().filter(data::containsKey).findFirst().orElse(null));
        if (chosen == null || !data.containsKey(chosen)) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot find the password: Secret " + name
                    + " in namespace " + api.namespace() + " (named by " + why + ") has no key "
                    + (chosen == null ? String.join(" or ", DEFAULT_SECRET_KEYS) : chosen) + " (its keys: "
                    + String.join(", ", data.keySet()) + "; fix: --password-secret " + name + ":KEY)");
        }
        char[] value = api.value(MountedFile.Kind.SECRET, name, chosen, why).orElseThrow();
        return new ContainerPasswords.Password(value, "Secret " + name + " key " + chosen);
    }

    /** The container of {@code pod} that {@code served} names. */
    private static Optional<Container> container(Pod pod, Optional<StackDiscovery.Served> served) {
        return served.flatMap(s -> pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(s.container())).findFirst());
    }

    /**
     * Every password {@code read} finds in the containers {@code served} picks, one pod per owner (the pods of a
     * StatefulSet share one spec), each distinct value once, in the order found; where each looked is added to {@code
     * looked} when it found none.
     */
    private static List<ContainerPasswords.Password> search(ApiValues api, List<Pod> pods,
            Function<Pod, Optional<StackDiscovery.Served>> served,
            BiFunction<ContainerPasswords, Optional<String>, List<ContainerPasswords.Password>> read,
            Optional<String> user, List<String> looked) {
        Set<String> owners = new HashSet<>();
        List<ContainerPasswords.Password> found = new ArrayList<>();
        for (Pod pod : pods) {
            String owner = Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                    .findFirst().map(OwnerReference::getName).orElse(pod.getMetadata().getName());
            Optional<Container> container = container(pod, served.apply(pod));
            if (container.isEmpty() || !owners.add(owner + "/" + container.get().getName())) {
                continue;
            }
            ContainerPasswords passwords = new ContainerPasswords(api, pod, container.get());
            List<ContainerPasswords.Password> inPod = read.apply(passwords, user);
            if (inPod.isEmpty()) {
                looked.addAll(passwords.looked());
            }
            inPod.stream().filter(p -> found.stream().noneMatch(f -> Arrays.equals(f.value(), p.value())))
                    .forEach(found::add);
        }
        return List.copyOf(found);
    }

    private static Login login(Optional<String> user, ContainerPasswords.Password password) {
        return new Login(Optional.of(provider(user, password.value())), password.source()
                + user.map(u -> ", user " + u).orElse(""));
    }

    private static RedisCredentialsProvider provider(Optional<String> user, char[] password) {
        String username = user.orElse(null);
        return RedisCredentialsProvider.from(() -> RedisCredentials.just(username, password));
    }
}
