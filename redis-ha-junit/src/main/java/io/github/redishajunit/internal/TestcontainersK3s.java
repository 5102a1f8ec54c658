package io.github.redishajunit.internal;

import io.github.redishajunit.Endpoint;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The embedded K3s, the last resort of {@link ClusterTarget}: every use of Testcontainers is here, so that the
 * library works without it (it is an optional dependency). Callers check {@link ClusterTarget#K3S_CONTAINER_CLASS}
 * is loadable before they touch this class.
 */
final class TestcontainersK3s implements AutoCloseable {

    private final K3sContainer container;

    private TestcontainersK3s(K3sContainer container) {
        this.container = container;
    }

    /** Why Docker cannot run the embedded K3s, or empty when it can. */
    static Optional<String> dockerProblem() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.empty()
                    : Optional.of("no Docker daemon found");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Starts K3s from {@code image}, publishing {@code nodePort} besides the API server. */
    static TestcontainersK3s start(String image, int nodePort) {
        K3sContainer container = new K3sContainer(DockerImageName.parse(image));
        container.addExposedPort(nodePort);
        container.start();
        return new TestcontainersK3s(container);
    }

    String kubeConfigYaml() {
        return container.getKubeConfigYaml();
    }

    /** Where this JVM reaches the published {@code nodePort}. */
    Endpoint endpoint(int nodePort) {
        return new Endpoint(container.getHost(), container.getMappedPort(nodePort));
    }

    @Override
    public void close() {
        container.stop();
    }
}
