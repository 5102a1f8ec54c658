package io.github.redishajunit.internal.stack;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.internal.manifest.RunLabels;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Namespaces: the DNS-safe name of an ephemeral one ({@code rha-replicationit-x7k2q}), creating it labelled for
 * sweeps, checking a named one exists, deleting only what the extension created.
 */
final class NamespaceProvisioner {

    static final String PREFIX = "rha-";
    static final int SUFFIX_LENGTH = 5;
    static final int MAX_LENGTH = 63;

    private NamespaceProvisioner() {}

    /** {@code rha-<class simple name, lowercased and DNS-safe, truncated>-<5 random chars>}, at most 63 chars. */
    public static String ephemeralName(String classSimpleName) {
        String base = classSimpleName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        int room = MAX_LENGTH - PREFIX.length() - 1 - SUFFIX_LENGTH;
        if (base.length() > room) {
            base = base.substring(0, room).replaceAll("-+$", "");
        }
        if (base.isEmpty()) {
            base = "test";
        }
        return PREFIX + base + "-" + RunLabels.randomSuffix(SUFFIX_LENGTH);
    }

    /** Creates a namespace with the sweep labels and the creation time / TTL annotations. */
    public static void create(KubernetesClient client, String name, Map<String, String> labels, String testClass,
            Duration ttl) {
        Namespace namespace = new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(labels)
                .addToAnnotations(RunLabels.TEST_CLASS, testClass)
                .addToAnnotations(RunLabels.CREATED_AT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .addToAnnotations(RunLabels.TTL, RunLabels.ttl(ttl))
                .endMetadata()
                .build();
        try {
            client.namespaces().resource(namespace).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new ExtensionConfigurationException("@RedisHACluster cannot create namespace " + name + " on "
                        + client.getMasterUrl() + ": forbidden (" + statusMessage(e) + "). Fix: grant this user"
                        + " 'create' on namespaces, or set @RedisHACluster(namespace = \"...\") to a namespace it may"
                        + " deploy into.", e);
            }
            throw e;
        }
    }

    /** Whether the namespace exists; a clear error when the user may not even read it. */
    public static boolean exists(KubernetesClient client, String name) {
        try {
            return client.namespaces().withName(name).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new ExtensionConfigurationException("@RedisHACluster(namespace = \"" + name + "\"): reading"
                        + " namespace " + name + " on " + client.getMasterUrl() + " is forbidden (" + statusMessage(e)
                        + "). Fix: grant this user 'get' on that namespace.", e);
            }
            throw e;
        }
    }

    /**
     * Attach mode: the namespace must already exist. An account that may not read it (a namespaced Role, as the
     * in-cluster certification's) is let through: what discovery finds in it, or not, says the rest.
     */
    public static void requireExisting(KubernetesClient client, String name) {
        boolean exists;
        try {
            exists = client.namespaces().withName(name).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return;
            }
            throw e;
        }
        if (!exists) {
            throw new ExtensionConfigurationException("@RedisHACluster(namespace = \"" + name + "\", provision ="
                    + " false) is invalid: namespace " + name + " does not exist on " + client.getMasterUrl()
                    + " (deploy the stack there first, e.g. kubectl create namespace " + name + " && kubectl apply -f"
                    + " manifests/redis-ha-cluster.yaml -n " + name + ", or set provision = true)");
        }
    }

    public static void delete(KubernetesClient client, String name) {
        client.namespaces().withName(name).delete();
    }

    static String statusMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
