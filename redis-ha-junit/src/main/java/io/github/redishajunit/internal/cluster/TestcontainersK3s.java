package io.github.redishajunit.internal.cluster;

import com.github.dockerjava.api.model.Capability;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisHAProvisioningException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The embedded K3s, the last resort of {@link ClusterTarget}: every use of Testcontainers is here, so that the
 * library works without it (it is an optional dependency). Callers check {@link ClusterTarget#K3S_CONTAINER_CLASS}
 * is loadable before they touch this class.
 */
@API(status = API.Status.INTERNAL)
public final class TestcontainersK3s implements AutoCloseable {

    /** The image K3sContainer accepts, and any image declared a substitute for it. */
    static final String K3S_REPOSITORY = "rancher/k3s";
    /** Up to the log line K3sContainer waits for (its own default is 60 s, short for a 2-core machine). */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    static final int LOG_TAIL_LINES = 60;

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

    /**
     * {@code image} as K3sContainer takes it: a valid reference, declared a substitute for {@code rancher/k3s}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static DockerImageName imageName(String image) {
        DockerImageName name = DockerImageName.parse(image);
        name.assertValid();
        return name.isCompatibleWith(DockerImageName.parse(K3S_REPOSITORY))
                ? name
                : name.asCompatibleSubstituteFor(K3S_REPOSITORY);
    }

    /**
     * Starts K3s as {@code settings} say, publishing {@code nodePort} besides the API server; a container that does
     * not start is removed, and its log travels with the exception.
     */
    static TestcontainersK3s start(TargetSettings.EmbeddedSettings settings, int nodePort) {
        K3sContainer container = new K3sContainer(imageName(settings.image()));
        container.addExposedPort(nodePort);
        container.withStartupTimeout(STARTUP_TIMEOUT);
        if (!settings.privileged()) {
            // what a Docker host without CAP_SYS_RESOURCE to give, or that refuses privileged mode, still allows;
            // K3sContainer's own modifier keeps the host cgroup namespace, and /sys/fs/cgroup stays bound
            container.withPrivilegedMode(false);
            container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                    .withCapAdd(Capability.ALL)
                    .withCapDrop(Capability.SYS_RESOURCE)
                    .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined")));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            String logs = logTail(container);
            container.stop();
            throw new RedisHAProvisioningException("The embedded K3s " + settings.image() + " did not start"
                    + (settings.privileged() ? "" : " (not privileged)") + ": " + ClusterTarget.rootMessage(e)
                    + ". Its log ends with:\n" + logs + "\nFix: on a Docker host that refuses privileged containers set "
                    + RedisHACluster.K3S_PRIVILEGED_KEY + "=false; without access to Docker Hub give an image that is"
                    + " present locally in " + RedisHACluster.K3S_IMAGE_KEY + " (scripts/embedded up builds one).", e);
        }
        return new TestcontainersK3s(container);
    }

    private static String logTail(K3sContainer container) {
        if (container.getContainerId() == null) {
            return "  (no log: the container never ran)";
        }
        try {
            List<String> lines = container.getLogs().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (RuntimeException e) {
            return "  (its log could not be read: " + e.getMessage() + ")";
        }
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
