package io.github.redishajunit.internal.settings;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.credentials.StackCredentials;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The resolved settings of one {@code @RedisHACluster} stack. Empty optionals mean "keep what the manifest says".
 * Two elements with equal configs in the same scope share one stack, so this is also the store key.
 *
 * @param replicas replica pods to run and expect
 * @param image image of every container, init containers included
 * @param storageClass StorageClass of the volume claim templates
 * @param storageSize size of the volume claim templates, a Kubernetes quantity
 * @param manifest {@code classpath:} location or file path
 * @param namespace the namespace to use; empty for a fresh ephemeral one
 * @param startupTimeout how long the stack may take to replicate
 * @param cleanup what to delete afterwards (never {@link CleanupPolicy#DEFAULT})
 * @param provision false: attach to what runs in {@code namespace}
 * @param nodePort 0: allocated; empty: allocated in ephemeral namespaces, the manifest's otherwise
 * @param auth provision with a random password
 * @param tls provision with TLS only, from a CA made for the namespace
 * @param sentinel provision with a Sentinel beside each Redis server
 * @param selector narrows the namespace's pods to the stack's
 * @param credentials where the password is, when the pods don't say
 * @param external an external endpoint to check instead of the stack's NodePort or LoadBalancer
 * @param scope who shares the stack (never {@link StackScope#DEFAULT})
 * @param ttl written on a namespace the extension creates: a sweep deletes it once that has passed
 */
@API(status = API.Status.INTERNAL)
public record ExtensionConfig(
        Optional<Integer> replicas,
        Optional<String> image,
        Optional<String> storageClass,
        Optional<String> storageSize,
        String manifest,
        Optional<String> namespace,
        Duration startupTimeout,
        CleanupPolicy cleanup,
        boolean provision,
        Optional<Integer> nodePort,
        boolean auth,
        boolean tls,
        boolean sentinel,
        Optional<String> selector,
        StackCredentials.Options credentials,
        Optional<Endpoint> external,
        StackScope scope,
        Duration ttl) {

    public boolean ephemeralNamespace() {
        return namespace.isEmpty();
    }
}
