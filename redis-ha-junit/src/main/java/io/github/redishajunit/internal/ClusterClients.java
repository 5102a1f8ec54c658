package io.github.redishajunit.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.RedisHAClientService;
import io.github.redishajunit.internal.cluster.ClusterChoice;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.settings.ConfigResolver;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** {@link RedisHAClientService}: {@link ClusterTarget}'s choice of cluster, without the embedded K3s. */
@API(status = API.Status.INTERNAL)
public final class ClusterClients implements RedisHAClientService {

    @Override
    public KubernetesClient connect(Function<String, Optional<String>> configurationParameters) {
        TargetSettings settings = new ConfigResolver(configurationParameters).targetSettings();
        ClusterChoice.Environment environment = ClusterChoice.Environment.current();
        ClusterChoice.Selection selection = ClusterChoice.select(settings, environment);
        if (selection instanceof ClusterChoice.Selection.EmbeddedK3s) {
            throw new ExtensionConfigurationException("No cluster is configured (" + selection.describe() + "). Fix:"
                    + " set KUBECONFIG or --kubeconfig FILE.");
        }
        return ClusterTarget.connect(settings, environment).client();
    }
}
