package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.builder.TypedVisitor;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ExecActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * TLS only, from the {@link TlsSecret}: every pod mounts it at {@value #MOUNT}; every container started as {@code
 * redis-server} (or {@code valkey-server}) serves TLS on the port it served plaintext on and has plaintext off
 * ({@code --port 0}), replicates over TLS and requires client certificates, presenting the same certificate to its
 * master; every {@code redis-cli} in a container's script or probe (readiness, the replicas' wait for the master)
 * speaks TLS with that certificate.
 */
@API(status = API.Status.INTERNAL)
public final class TlsOverrides {

    static final String MOUNT = "/tls";
    private static final String VOLUME = "redis-ha-junit-tls";
    private static final Pattern CLI = Pattern.compile("\\b(redis-cli|valkey-cli)\\b");
    private static final String CLI_TLS = " --tls --cacert " + MOUNT + "/" + TlsSecret.CA_KEY + " --cert " + MOUNT
            + "/" + TlsSecret.CERT_KEY + " --key " + MOUNT + "/" + TlsSecret.KEY_KEY;

    private TlsOverrides() {}

    /** {@code manifest} speaking TLS only, from Secret {@code secret}. */
    public static RedisManifest withTls(RedisManifest manifest, String secret) {
        List<HasMetadata> result = new ArrayList<>();
        for (HasMetadata item : manifest.items()) {
            result.add(item instanceof StatefulSet sts ? withTls(sts, secret) : item);
        }
        return manifest.withItems(result);
    }

    private static StatefulSet withTls(StatefulSet sts, String secret) {
        StatefulSetBuilder builder = new StatefulSetBuilder(sts);
        builder.accept(new TypedVisitor<PodSpecBuilder>() {
            @Override
            public void visit(PodSpecBuilder pod) {
                pod.addNewVolume().withName(VOLUME).withNewSecret().withSecretName(secret).withDefaultMode(0444)
                        .endSecret().endVolume();
            }
        });
        builder.accept(new TypedVisitor<ContainerBuilder>() {
            @Override
            public void visit(ContainerBuilder container) {
                container.addNewVolumeMount().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true)
                        .endVolumeMount();
                container.withCommand(cli(container.getCommand()));
                List<String> args = cli(container.getArgs());
                if (args != null && !args.isEmpty() && ManifestOverrides.SERVERS.contains(args.get(0))) {
                    args = serverArgs(args);
                }
                container.withArgs(args);
            }
        });
        builder.accept(new TypedVisitor<ExecActionBuilder>() {
            @Override
            public void visit(ExecActionBuilder exec) {
                exec.withCommand(cli(exec.getCommand()));
            }
        });
        return builder.build();
    }

    /** The server's arguments with TLS on the port it served and plaintext off. */
    private static List<String> serverArgs(List<String> args) {
        List<String> edited = new ArrayList<>(args);
        int port = edited.indexOf("--port");
        String tlsPort = "6379";
        if (port >= 0 && port + 1 < edited.size()) {
            tlsPort = edited.get(port + 1);
            edited.set(port + 1, "0");
        } else {
            edited.addAll(List.of("--port", "0"));
        }
        edited.addAll(List.of("--tls-port", tlsPort,
                "--tls-cert-file", MOUNT + "/" + TlsSecret.CERT_KEY,
                "--tls-key-file", MOUNT + "/" + TlsSecret.KEY_KEY,
                "--tls-ca-cert-file", MOUNT + "/" + TlsSecret.CA_KEY,
                "--tls-replication", "yes",
                "--tls-auth-clients", "yes"));
        return edited;
    }

    /** Each word with every {@code redis-cli} (or {@code valkey-cli}) in it speaking TLS; null stays null. */
    private static List<String> cli(List<String> words) {
        if (words == null) {
            return null;
        }
        return words.stream().map(word -> CLI.matcher(word).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + CLI_TLS))).toList();
    }
}
