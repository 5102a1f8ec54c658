package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code @RedisHACluster(tls = true)}: a CA made for the namespace and the certificate the stack's servers present,
 * in a {@code kubernetes.io/tls} Secret ({@code ca.crt}, {@code tls.crt}, {@code tls.key}) that {@link TlsOverrides}
 * mounts. The certificate names every name a client or a replica may use for a pod of the manifest: each Service's
 * name, and each StatefulSet pod's name under its governing Service, both in every form DNS answers to ({@code name},
 * {@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.cluster.local}, a wildcard for pods added by scaling), plus
 * {@code localhost}, the loopback addresses (probes) and the nodes' addresses (the NodePort).
 */
@API(status = API.Status.INTERNAL)
public final class TlsSecret {

    public static final String NAME = "redis-ha-junit-tls";
    static final String CA_KEY = "ca.crt";
    static final String CERT_KEY = "tls.crt";
    static final String KEY_KEY = "tls.key";
    static final String CLUSTER_DOMAIN = "cluster.local";

    private TlsSecret() {}

    /** Creates the Secret (labelled for sweeps); returns how many names the certificate covers, for progress. */
    public static int create(KubernetesClient client, String namespace, Map<String, String> labels,
            RedisManifest manifest) {
        List<String> names = names(manifest, namespace, nodeAddresses(client));
        StackCertificates certificates = StackCertificates.issue("redis-ha-junit CA " + namespace, names);
        Base64.Encoder base64 = Base64.getEncoder();
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                        .withNewMetadata().withName(NAME).addToLabels(labels).endMetadata()
                        .withType("kubernetes.io/tls")
                        .addToData(CA_KEY, base64.encodeToString(certificates.caPem()))
                        .addToData(CERT_KEY, base64.encodeToString(certificates.certificatePem()))
                        .addToData(KEY_KEY, base64.encodeToString(certificates.keyPem()))
                        .build())
                .create();
        return names.size();
    }

    /** Every name the certificate covers for {@code manifest} in {@code namespace}, in the manifest's order. */
    static List<String> names(RedisManifest manifest, String namespace, List<String> nodeAddresses) {
        Set<String> names = new LinkedHashSet<>();
        List<HasMetadata> items = new ArrayList<>(manifest.items());
        for (HasMetadata item : items) {
            if (item instanceof Service service) {
                names.addAll(forms(service.getMetadata().getName(), namespace));
            }
        }
        for (HasMetadata item : items) {
            if (item instanceof StatefulSet sts && sts.getSpec().getServiceName() != null) {
                String governing = sts.getSpec().getServiceName();
                int replicas = Optional.ofNullable(sts.getSpec().getReplicas()).orElse(1);
                for (int i = 0; i < replicas; i++) {
                    names.addAll(forms(sts.getMetadata().getName() + "-" + i + "." + governing, namespace));
                }
                names.addAll(forms("*." + governing, namespace));
            }
        }
        names.addAll(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(nodeAddresses);
        return List.copyOf(names);
    }

    /** {@code name}, {@code name.ns}, {@code name.ns.svc}, {@code name.ns.svc.cluster.local}. */
    private static List<String> forms(String name, String namespace) {
        return List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                name + "." + namespace + ".svc." + CLUSTER_DOMAIN);
    }

    /** The nodes' IP addresses (a NodePort answers on each); none when this client may not list nodes. */
    private static List<String> nodeAddresses(KubernetesClient client) {
        try {
            return client.nodes().list().getItems().stream()
                    .flatMap(node -> Optional.ofNullable(node.getStatus()).map(s -> s.getAddresses())
                            .orElse(List.of()).stream())
                    .filter(a -> "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType()))
                    .map(NodeAddress::getAddress)
                    .filter(StackCertificates::isAddress)
                    .distinct()
                    .toList();
        } catch (KubernetesClientException forbidden) {
            return List.of();
        }
    }
}
