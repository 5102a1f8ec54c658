package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHASweepService;
import io.github.redishajunit.internal.cluster.ClusterChoice;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.manifest.RunLabels;
import io.github.redishajunit.internal.progress.Concurrently;
import io.github.redishajunit.internal.progress.Durations;
import io.github.redishajunit.internal.settings.ConfigResolver;
import io.github.redishajunit.internal.settings.SettingParsers;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what killed runs left behind: the namespaces labelled {@code app.kubernetes.io/managed-by=redis-ha-junit}
 * whose TTL has passed (the {@link RunLabels#CREATED_AT} and {@link RunLabels#TTL} annotations written when the
 * extension created them). A namespace without that label is never looked at (the API server filters by it, and
 * each one is checked again here); one whose annotations are missing or unreadable, or already terminating, is left
 * alone. The extension sweeps once when a run first connects to a cluster ({@link StackLifecycle}); {@code
 * scripts/certify --sweep} sweeps on demand (through {@link RedisHASweepService}).
 */
@API(status = API.Status.INTERNAL)
public final class OrphanSweep implements RedisHASweepService {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

    /** What the sweep decided for one namespace. */
    record Verdict(String namespace, boolean delete, String why) {
        @Override
        public String toString() {
            return (delete ? "deleted " : "kept ") + namespace + " (" + why + ")";
        }
    }

    /** Sweeps the cluster of {@code client}; logs a line per namespace deleted. */
    static List<Verdict> sweep(KubernetesClient client, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Namespace ns : client.namespaces().withLabel(RunLabels.MANAGED_BY, RunLabels.MANAGER).list().getItems()) {
            Verdict verdict = verdict(ns, now);
            if (verdict.delete()) {
                client.namespaces().withName(verdict.namespace()).delete();
                LOG.info("Swept namespace {}: {}", verdict.namespace(), verdict.why());
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    /** Whether the namespace is this library's and its TTL has passed at {@code now}, and why. */
    static Verdict verdict(Namespace ns, Instant now) {
        String name = ns.getMetadata().getName();
        Map<String, String> labels = Optional.ofNullable(ns.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations = Optional.ofNullable(ns.getMetadata().getAnnotations()).orElse(Map.of());
        if (!RunLabels.MANAGER.equals(labels.get(RunLabels.MANAGED_BY))) {
            return new Verdict(name, false, "not labelled " + RunLabels.MANAGED_BY + "=" + RunLabels.MANAGER);
        }
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            return new Verdict(name, false, "already terminating");
        }
        String created = annotations.get(RunLabels.CREATED_AT);
        String ttlText = annotations.get(RunLabels.TTL);
        Optional<Duration> ttl = ttlText == null ? Optional.empty() : SettingParsers.parseDuration(ttlText);
        Instant createdAt;
        try {
            createdAt = created == null ? null : Instant.parse(created);
        } catch (DateTimeParseException e) {
            createdAt = null;
        }
        if (createdAt == null || ttl.isEmpty()) {
            return new Verdict(name, false, "no readable " + RunLabels.CREATED_AT + " / " + RunLabels.TTL
                    + " annotations (" + created + ", " + ttlText + ")");
        }
        Instant expires = createdAt.plus(ttl.get());
        String origin = "created " + created + " by " + annotations.getOrDefault(RunLabels.TEST_CLASS, "?") + ", run "
                + labels.getOrDefault(RunLabels.RUN_ID, "?") + ", ttl " + ttlText;
        return now.isAfter(expires)
                ? new Verdict(name, true, origin + ": expired " + Durations.format(Duration.between(expires, now))
                        + " ago")
                : new Verdict(name, false, origin + ": expires in " + Durations.format(Duration.between(now, expires)));
    }

    /**
     * Sweeps in the background (a list and a delete per expired namespace); a failure is logged, never thrown. Closing
     * what it returns waits (bounded) for the sweep, so that the client is not closed under its requests.
     */
    static AutoCloseable sweepInBackground(KubernetesClient client) {
        CompletableFuture<Void> sweeping = Concurrently.start(() -> {
            try {
                sweep(client, Instant.now());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                    // an account with a namespaced Role only (the in-cluster certification's) has nothing to sweep
                    LOG.debug("Not sweeping on {}: listing namespaces is forbidden", client.getMasterUrl());
                } else {
                    LOG.warn("Cannot sweep expired {}={} namespaces on {}: {}", RunLabels.MANAGED_BY,
                            RunLabels.MANAGER, client.getMasterUrl(), e.toString());
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot sweep expired {}={} namespaces on {}: {}", RunLabels.MANAGED_BY, RunLabels.MANAGER,
                        client.getMasterUrl(), e.toString());
            }
        });
        return () -> {
            try {
                sweeping.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("The sweep of expired namespaces on {} did not finish before the run ended: {}",
                        client.getMasterUrl(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** {@code scripts/certify --sweep}: never an embedded K3s (it would have nothing to sweep). */
    @Override
    public List<String> sweep(Function<String, Optional<String>> configurationParameters) {
        TargetSettings settings = new ConfigResolver(configurationParameters).targetSettings();
        ClusterChoice.Environment environment = ClusterChoice.Environment.current();
        ClusterChoice.Selection selection = ClusterChoice.select(settings, environment);
        if (selection instanceof ClusterChoice.Selection.EmbeddedK3s) {
            throw new ExtensionConfigurationException("Nothing to sweep: no cluster is configured (" + selection
                    .describe() + "). Fix: set KUBECONFIG or --kubeconfig FILE.");
        }
        try (ClusterTarget target = ClusterTarget.connect(settings, environment)) {
            return sweep(target.client(), Instant.now()).stream().map(Verdict::toString).toList();
        }
    }
}
