package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before anything is created: the StorageClass the volume claim templates ask for must exist (or, for claims that
 * name none, a default one), else the claims would stay Pending until the startup timeout.
 */
@API(status = API.Status.INTERNAL)
public final class StorageClassCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StorageClassCheck.class);
    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    private StorageClassCheck() {}

    public static void check(KubernetesClient client, RedisManifest manifest) {
        List<StorageClass> available;
        try {
            available = client.storage().v1().storageClasses().list().getItems();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot list StorageClasses on {} ({}); the volume claims will tell", client.getMasterUrl(),
                    e.getMessage());
            return;
        }
        String listing = available.isEmpty()
                ? "none"
                : available.stream()
                        .map(sc -> sc.getMetadata().getName() + (isDefault(sc) ? " (default)" : ""))
                        .collect(Collectors.joining(", "));
        for (String wanted : manifest.storageClassNames()) {
            if (wanted == null) {
                if (available.stream().noneMatch(StorageClassCheck::isDefault)) {
                    throw new ExtensionConfigurationException("@RedisHACluster: the volume claim templates of "
                            + manifest.location() + " name no StorageClass and " + client.getMasterUrl()
                            + " has no default one (available: " + listing + "). Fix: set @RedisHACluster(storageClass"
                            + " = \"...\") or " + RedisHACluster.STORAGE_CLASS_KEY + " to one of them.");
                }
            } else if (available.stream().noneMatch(sc -> Objects.equals(sc.getMetadata().getName(), wanted))) {
                throw new ExtensionConfigurationException("@RedisHACluster: StorageClass " + wanted + " does not exist"
                        + " on " + client.getMasterUrl() + " (available: " + listing + "). Fix: set"
                        + " @RedisHACluster(storageClass = \"...\") or " + RedisHACluster.STORAGE_CLASS_KEY
                        + " to one of them.");
            }
        }
    }

    static boolean isDefault(StorageClass sc) {
        return sc.getMetadata().getAnnotations() != null
                && "true".equals(sc.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION));
    }
}
