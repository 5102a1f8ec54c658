package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.redishajunit.internal.discovery.ShellWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one container's spec says about a password, read through the API only: its env (a value, a {@code
 * secretKeyRef} or {@code configMapKeyRef}, {@code envFrom}), its {@code *_PASSWORD_FILE} variables followed to the
 * Secret or ConfigMap key behind the file ({@link ContainerValues}), its {@code --requirepass} / {@code --masterauth}
 * arguments (literal, {@code $(VAR)}, {@code $VAR} or {@code $(cat FILE)}), and the configuration files it mounts
 * ({@code requirepass}, {@code masterauth}, {@code user}, {@code aclfile}, {@code include}, {@code sentinel
 * auth-pass}, {@code sentinel sentinel-pass}). Each search notes where it looked ({@link #looked()}); a file only an
 * exec could read is noted as such, never read.
 */
final class ContainerPasswords {

    /** A password found, and where (never what). */
    record Password(char[] value, String source) {}

    static final List<String> SERVER_ENV = List.of("REDIS_PASSWORD", "REDISCLI_AUTH", "VALKEY_PASSWORD",
            "VALKEYCLI_AUTH");
    static final List<String> SERVER_FILE_ENV = List.of("REDIS_PASSWORD_FILE", "REDISCLI_AUTH_FILE",
            "VALKEY_PASSWORD_FILE", "VALKEYCLI_AUTH_FILE");
    static final List<String> MASTER_ENV = List.of("REDIS_MASTER_PASSWORD", "VALKEY_PRIMARY_PASSWORD");
    static final List<String> MASTER_FILE_ENV = List.of("REDIS_MASTER_PASSWORD_FILE", "VALKEY_PRIMARY_PASSWORD_FILE");
    static final List<String> SENTINEL_ENV = List.of("REDIS_SENTINEL_PASSWORD", "SENTINEL_PASSWORD",
            "VALKEY_SENTINEL_PASSWORD");
    static final List<String> SENTINEL_FILE_ENV = List.of("REDIS_SENTINEL_PASSWORD_FILE", "SENTINEL_PASSWORD_FILE",
            "VALKEY_SENTINEL_PASSWORD_FILE");

    private static final Pattern SECRET_WORD = Pattern.compile("(?i)pass|auth");
    private static final Pattern FILE_ENV = Pattern.compile(".*_(PASSWORD|PASS|AUTH)_FILE");
    private static final Pattern READ_FILE = Pattern.compile("^(?:\\$\\(\\s*(?:cat\\s+|<\\s*)|`cat\\s+)[\"']?([^\"'`)\\s]+)"
            + "[\"']?\\s*[)`]$");
    private static final Pattern VARIABLE = Pattern.compile("^\\$(?:\\(([A-Za-z_][A-Za-z0-9_]*)\\)|\\{([A-Za-z_][A-Za-z0-9_]*)\\}"
            + "|([A-Za-z_][A-Za-z0-9_]*))$");

    private final ApiValues api;
    private final Pod pod;
    private final Container container;
    private final String where;
    private final List<String> looked = new ArrayList<>();
    private final ContainerValues values;
    private MountedConfigs.Configs configs;

    ContainerPasswords(ApiValues api, Pod pod, Container container) {
        this.api = api;
        this.pod = pod;
        this.container = container;
        this.where = "container " + container.getName() + " in pod " + pod.getMetadata().getName();
        this.values = new ContainerValues(api, pod, container, where, looked);
    }

    /** Where the searches looked, and what they found missing or unreadable; never a value. */
    List<String> looked() {
        return List.copyOf(looked);
    }

    String where() {
        return where;
    }

    /**
     * The passwords clients may log in with, most likely first: {@code --requirepass}, env {@link #SERVER_ENV}, the
     * files {@link #SERVER_FILE_ENV} and any other {@code *_PASSWORD_FILE}, the configuration's {@code requirepass}
     * (or {@code user}'s {@code >password}), then what the server sends its master ({@code --masterauth}, {@link
     * #MASTER_ENV}, {@link #MASTER_FILE_ENV}, {@code masterauth}), which every common stack sets to the same, then
     * every other env variable taken from a Secret, those whose name or key speaks of a password first ({@code AUTH}
     * from key {@code auth}: a start script may write it over a configuration's placeholder). Each distinct value once; none is proof
     * that the server uses it, so the caller tries them in turn ({@link DataLogins}).
     */
    List<Password> server(Optional<String> user) {
        if (user.isPresent()) {
            Optional<Password> acl = aclUser(user.get());
            if (acl.isPresent() || definesUser(user.get())) {
                // a user the ACL defines logs in with its own password or not at all
                return acl.stream().toList();
            }
        }
        Optional<Map.Entry<String, RedisConf>> defaultOff = user.isPresent() ? Optional.empty()
                : configs().entrySet().stream().filter(c -> configs.named().contains(c.getKey())
                        && c.getValue().user("default").filter(u -> !u.on()).isPresent()).findFirst();
        if (defaultOff.isPresent()) {
            looked.add("the ACL in " + defaultOff.get().getKey() + " of " + where + " turns the default user off"
                    + " (its users: " + String.join(", ", defaultOff.get().getValue().users()) + "): only --user NAME"
                    + " can log in");
            return List.of();
        }
        List<Supplier<Optional<Password>>> places = List.of(
                () -> argument("--requirepass"),
                () -> values.env(SERVER_ENV),
                () -> values.files(Stream.concat(SERVER_FILE_ENV.stream(), otherFileVariables()).toList()),
                () -> user.isEmpty() ? aclUser("default") : Optional.empty(),
                () -> config(false, "requirepass", RedisConf::requirepass),
                () -> argument("--masterauth"),
                () -> values.env(MASTER_ENV),
                () -> values.files(MASTER_FILE_ENV),
                () -> config(false, "masterauth", RedisConf::masterauth));
        List<Password> found = new ArrayList<>();
        Stream.concat(places.stream().map(Supplier::get),
                        otherSecretVariables().stream().map(variable -> values.env(List.of(variable))))
                .flatMap(Optional::stream)
                .filter(p -> found.stream().noneMatch(f -> Arrays.equals(f.value(), p.value())))
                .forEach(found::add);
        if (found.isEmpty()) {
            looked.add(where + ": no password in env " + String.join(", ", names(SERVER_ENV, MASTER_ENV))
                    + ", in the files that " + String.join(", ", names(SERVER_FILE_ENV, MASTER_FILE_ENV))
                    + " or another *_PASSWORD_FILE name, in a --requirepass or --masterauth argument, in "
                    + configsLooked(false) + ", or in another env variable from a Secret");
        }
        return List.copyOf(found);
    }

    /**
     * Passwords elsewhere in the pod, for a server whose own container names none it can be read from (an ACL of
     * hashes, a configuration written at start-up on a data volume): another container's or an init container's env
     * variable from a Secret named for a password (a metrics sidecar's {@code REDIS_PASSWORD}), then each key named
     * for one ({@code default-password}, {@code password}, {@code auth}) of a Secret the pod mounts anywhere. A key
     * named for another ACL user's password ({@code repl-password}) is that user's, not the default user's: left
     * out. The caller tries each in turn.
     */
    List<Password> elsewhereInPod() {
        List<Password> found = new ArrayList<>();
        Stream.concat(Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream(),
                        pod.getSpec().getContainers().stream())
                .filter(other -> other != container && !other.getName().equals(container.getName()))
                .forEach(other -> {
                    ContainerValues theirs = new ContainerValues(api, pod, other, "container " + other.getName()
                            + " in pod " + pod.getMetadata().getName(), new ArrayList<>());
                    List<String> named = Stream.concat(names(SERVER_ENV, MASTER_ENV).stream(),
                            secretVariables(theirs, List.of()).stream()).distinct().toList();
                    named.forEach(variable -> theirs.env(List.of(variable)).ifPresent(found::add));
                });
        for (var volume : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
            List<String> secrets = new ArrayList<>();
            Optional.ofNullable(volume.getSecret()).map(v -> v.getSecretName()).ifPresent(secrets::add);
            Optional.ofNullable(volume.getProjected()).map(v -> v.getSources()).orElse(List.of()).stream()
                    .filter(source -> source.getSecret() != null).forEach(source -> secrets.add(source.getSecret()
                            .getName()));
            for (String secret : secrets) {
                String why = "volume " + volume.getName() + " of pod " + pod.getMetadata().getName();
                api.keys(MountedFile.Kind.SECRET, secret, why).orElse(Map.of()).keySet().stream().sorted()
                        .filter(ContainerPasswords::namesTheDefaultPassword)
                        .forEach(key -> api.value(MountedFile.Kind.SECRET, secret, key, why).ifPresent(value ->
                                found.add(new Password(value, "Secret " + secret + " key " + key + " (" + why + ")"))));
            }
        }
        List<Password> distinct = new ArrayList<>();
        found.stream().filter(p -> distinct.stream().noneMatch(d -> Arrays.equals(d.value(), p.value())))
                .forEach(distinct::add);
        return distinct;
    }

    /** {@code password}, {@code redis-password}, {@code default-password}, {@code auth}: not another user's. */
    private static boolean namesTheDefaultPassword(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.matches("((default|redis|valkey)[-_.])?(password|pass|auth|requirepass)");
    }

    /**
     * A Sentinel's own password: env {@link #SENTINEL_ENV}, the files {@link #SENTINEL_FILE_ENV}, then its {@code
     * --requirepass} or a Sentinel configuration's {@code requirepass} or {@code sentinel sentinel-pass}.
     */
    Optional<Password> sentinelOwn() {
        Optional<Password> found = values.env(SENTINEL_ENV)
                .or(() -> values.files(SENTINEL_FILE_ENV))
                .or(() -> argument("--requirepass"))
                .or(() -> config(true, "requirepass", RedisConf::requirepass))
                .or(() -> config(true, "sentinel sentinel-pass", RedisConf::sentinelPass));
        if (found.isEmpty()) {
            looked.add(where + ": no password of its own in env " + String.join(", ", SENTINEL_ENV) + ", in the files"
                    + " that " + String.join(", ", SENTINEL_FILE_ENV) + " name, in a --requirepass argument, or in "
                    + configsLooked(true));
        }
        return found;
    }

    /** The master's password as a Sentinel's configuration gives it ({@code sentinel auth-pass}). */
    Optional<Password> authPass() {
        return config(true, "sentinel auth-pass", RedisConf::sentinelAuthPass);
    }

    private boolean definesUser(String name) {
        return configs().values().stream().anyMatch(conf -> conf.user(name).isPresent());
    }

    private Optional<Password> aclUser(String name) {
        for (Map.Entry<String, RedisConf> conf : configs().entrySet()) {
            Optional<RedisConf.AclUser> user = conf.getValue().user(name);
            if (user.isEmpty()) {
                continue;
            }
            if (user.get().password().isPresent()) {
                Optional<Password> value = literalOrVariable(user.get().password().get(),
                        "ACL user " + name + " in " + conf.getKey() + " of " + where);
                if (value.isPresent()) {
                    return value;
                }
            }
            looked.add("ACL user " + name + " in " + conf.getKey() + " has " + (user.get().hashed()
                    ? "only a hashed password (#...), which no client can log in with" : user.get().nopass()
                    ? "no password (nopass)" : "no >password"));
        }
        return Optional.empty();
    }

    /** {@code option VALUE} or {@code option=VALUE} in the command line; a value of the kubelet or of a shell. */
    private Optional<Password> argument(String option) {
        List<String> words = commandLine();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String value = word.equals(option) && i + 1 < words.size() ? words.get(i + 1)
                    : word.startsWith(option + "=") ? word.substring(option.length() + 1) : null;
            if (value != null) {
                return literalOrVariable(value, "the " + option + " argument of " + where);
            }
        }
        return Optional.empty();
    }

    /** A value as written: {@code $(cat FILE)}, {@code $(VAR)}, {@code $VAR}, {@code ${VAR}}, or the value itself. */
    private Optional<Password> literalOrVariable(String value, String source) {
        Matcher file = READ_FILE.matcher(value);
        if (file.matches()) {
            String path = file.group(1);
            Matcher variable = VARIABLE.matcher(path);
            if (variable.matches()) {
                Optional<String> named = values.literal(name(variable));
                if (named.isEmpty()) {
                    looked.add(source + " reads the file $" + name(variable) + ", a variable the env does not set");
                    return Optional.empty();
                }
                path = named.get();
            }
            return values.file(path, source);
        }
        Matcher variable = VARIABLE.matcher(value);
        if (variable.matches()) {
            Optional<Password> env = values.env(List.of(name(variable)));
            if (env.isEmpty()) {
                looked.add(source + " names $" + name(variable) + ", which the env of " + where + " does not set"
                        + " (a variable of its start script)");
            }
            return env.map(p -> new Password(p.value(), p.source() + ", named by " + source));
        }
        if (value.contains("$") || value.contains("`")) {
            looked.add(source + " is computed by a shell at start-up, which only an exec could follow");
            return Optional.empty();
        }
        return Optional.of(new Password(value.toCharArray(), source));
    }

    private static String name(Matcher variable) {
        return Stream.of(variable.group(1), variable.group(2), variable.group(3)).filter(g -> g != null)
                .findFirst().orElseThrow();
    }

    /**
     * The first configuration file that sets the directive, by {@code read}, to a literal or an env variable: among
     * Sentinel configurations ({@code sentinel ...} lines) or among the others, as {@code sentinel} says.
     */
    private Optional<Password> config(boolean sentinel, String directive, Function<RedisConf, Optional<String>> read) {
        for (Map.Entry<String, RedisConf> conf : configs().entrySet()) {
            if (conf.getValue().isSentinel() != sentinel) {
                continue;
            }
            Optional<String> value = read.apply(conf.getValue());
            if (value.isPresent()) {
                Optional<Password> found = literalOrVariable(value.get(), directive + " in " + conf.getKey() + " of "
                        + where);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private String configsLooked(boolean sentinel) {
        List<String> files = configs().entrySet().stream().filter(e -> e.getValue().isSentinel() == sentinel)
                .map(Map.Entry::getKey).toList();
        return files.isEmpty() ? "a " + (sentinel ? "Sentinel " : "") + "configuration file (none on a ConfigMap or"
                + " Secret it mounts or names)" : String.join(", ", files);
    }

    private Map<String, RedisConf> configs() {
        if (configs == null) {
            configs = MountedConfigs.read(api, pod, container, looked);
        }
        return configs.all();
    }

    private List<String> commandLine() {
        return ShellWords.commandLine(container);
    }

    private Stream<String> otherFileVariables() {
        return values.vars().stream().map(EnvVar::getName)
                .filter(n -> FILE_ENV.matcher(n).matches() && !SERVER_FILE_ENV.contains(n)
                        && !MASTER_FILE_ENV.contains(n) && !SENTINEL_FILE_ENV.contains(n));
    }

    /**
     * The served container's other env variables from a Secret key, whatever their names (a start script may write
     * any of them over a placeholder): those whose name or key says password, pass or auth first.
     */
    private List<String> otherSecretVariables() {
        List<String> named = names(SERVER_ENV, MASTER_ENV, SENTINEL_ENV);
        List<EnvVar> fromSecrets = values.vars().stream().filter(e -> e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null && !named.contains(e.getName())).toList();
        return Stream.concat(fromSecrets.stream().filter(ContainerPasswords::namedForPassword),
                        fromSecrets.stream().filter(e -> !namedForPassword(e)))
                .map(EnvVar::getName).toList();
    }

    /** Env variables of another container, from a Secret key, whose name or key says password, pass or auth. */
    private static List<String> secretVariables(ContainerValues values, List<String> named) {
        return values.vars().stream().filter(e -> e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null && !named.contains(e.getName())
                        && namedForPassword(e))
                .map(EnvVar::getName).toList();
    }

    private static boolean namedForPassword(EnvVar e) {
        return SECRET_WORD.matcher(e.getName()).find()
                || SECRET_WORD.matcher(String.valueOf(e.getValueFrom().getSecretKeyRef().getKey())).find();
    }

    @SafeVarargs
    private static List<String> names(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
