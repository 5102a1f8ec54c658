package io.github.redishajunit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A client of the cluster that the configuration parameters name, chosen as the extension chooses it: {@value
 * RedisHACluster#KUBECONFIG_KEY} and {@value RedisHACluster#CONTEXT_KEY}, else the standard resolution (KUBECONFIG,
 * {@code ~/.kube/config}, the in-cluster service account); never an embedded K3s. {@code certify --in-cluster}
 * uses it to run its Job.
 */
@API(status = API.Status.INTERNAL)
public interface RedisHAClientService {

    /**
     * Connects (and probes the API server); the caller closes the client.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException when no cluster is configured or it
     *     cannot be reached, naming what was tried
     */
    KubernetesClient connect(Function<String, Optional<String>> configurationParameters);
}
