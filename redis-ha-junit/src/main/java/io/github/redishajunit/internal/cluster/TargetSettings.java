package io.github.redishajunit.internal.cluster;

import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Which cluster to talk to, as configured ({@code redis.ha.kubeconfig}, {@code redis.ha.context}); empty values
 * mean the standard resolution. One client per distinct settings per test run.
 *
 * @param embedded the embedded K3s, when it is chosen or forced
 */
@API(status = API.Status.INTERNAL)
public record TargetSettings(Optional<Path> kubeconfig, Optional<String> context, EmbeddedSettings embedded) {

    /** Settings with the embedded K3s's defaults. */
    TargetSettings(Optional<Path> kubeconfig, Optional<String> context) {
        this(kubeconfig, context, EmbeddedSettings.DEFAULT);
    }

    /**
     * The embedded K3s ({@code redis.ha.k3sImage}, {@code redis.ha.k3sPrivileged}, {@code redis.ha.embedded}).
     *
     * @param image an image with {@code rancher/k3s}'s interface
     * @param privileged false: every capability but SYS_RESOURCE instead of privileged mode
     * @param forced true: the embedded K3s even where a kubeconfig is found
     */
    public record EmbeddedSettings(String image, boolean privileged, boolean forced) {

        /** A current {@code rancher/k3s} release, for Docker hosts that can pull it. */
        public static final String DEFAULT_IMAGE = "rancher/k3s:v1.36.4-k3s1";
        static final EmbeddedSettings DEFAULT = new EmbeddedSettings(DEFAULT_IMAGE, true, false);
    }
}
