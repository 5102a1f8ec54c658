package io.github.redishajunit;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Not API: the seam through which {@code scripts/certify --sweep} reaches the library's sweep of orphaned namespaces,
 * registered in {@code META-INF/services} like {@link RedisHAClusterService}.
 */
@API(status = API.Status.INTERNAL)
public interface RedisHASweepService {

    /**
     * Deletes the namespaces this library created (labelled {@code app.kubernetes.io/managed-by=redis-ha-junit})
     * whose TTL has passed, on the cluster the parameters name ({@value RedisHACluster#KUBECONFIG_KEY}, {@value
     * RedisHACluster#CONTEXT_KEY}, else the standard resolution).
     *
     * @return a line per namespace looked at, saying what was done and why
     */
    List<String> sweep(Function<String, Optional<String>> configurationParameters);
}
