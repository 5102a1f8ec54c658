package io.github.redishajunit.certification;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code certify --namespace NS --in-cluster}: runs the certification as a Job in NS from the certify image, as a
 * least-privilege ServiceAccount (manifests/certify/rbac.yaml, applied under a name of this run's, or an existing
 * one's with {@code --service-account}), streams its log, takes its reports out of the log into {@code --reports}
 * (and {@code --json}, {@code --html}), removes the Job and what it applied, and returns the Job's exit code.
 */
final class InClusterRun {

    static final String MANIFESTS = "/io/github/redishajunit/manifests/certify/";
    static final String CONTAINER = "certify";
    private static final String INNER_REPORTS = "/reports";
    private static final Duration START_BOUND = Duration.ofMinutes(3);
    /** How long removing one object this run created may wait for what it owns (the Job's pod) to go. */
    private static final Duration REMOVAL_BOUND = Duration.ofSeconds(60);
    private static final Set<String> CANNOT_START = Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

    private final KubernetesClient client;
    private final String namespace;
    private final PrintStream out;
    private final PrintStream err;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<HasMetadata> created = new ArrayList<>();

    private InClusterRun(KubernetesClient client, String namespace, PrintStream out, PrintStream err) {
        this.client = client;
        this.namespace = namespace;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} (the certify options, without the local ones) in a Job; returns its exit code. */
    static int run(KubernetesClient client, String namespace, List<String> args, String image,
            Optional<String> serviceAccount, Path reports, Optional<Path> json, Optional<Path> html, PrintStream out,
            PrintStream err) {
        InClusterRun job = new InClusterRun(client, namespace, out, err);
        try {
            return job.certify(args, image, serviceAccount, reports, json, html);
        } catch (InClusterFailure failure) {
            err.println("certify --in-cluster: " + failure.getMessage());
            return 2;
        } catch (KubernetesClientException refused) {
            err.println("certify --in-cluster: the Kubernetes API refused to run the certification in namespace "
                    + namespace + ": " + refused.getMessage().lines().findFirst().orElse("") + " (fix: your own"
                    + " account needs to create ServiceAccounts, Roles, RoleBindings and Jobs there, and to read"
                    + " pods and their logs)");
            return 2;
        } finally {
            job.removeWhatItCreated();
        }
    }

    private int certify(List<String> args, String image, Optional<String> serviceAccount, Path reports,
            Optional<Path> json, Optional<Path> html) {
        String account = serviceAccount.orElseGet(this::applyRbac);
        List<String> inner = new ArrayList<>(args);
        inner.addAll(List.of("--reports", INNER_REPORTS, "--json", INNER_REPORTS + "/certification.json", "--html",
                INNER_REPORTS + "/certification.html", "--emit-reports"));
        Job job = template("job.yaml", Job.class);
        job = new JobBuilder(job).editMetadata().withName(name(job.getMetadata().getName()))
                .addToLabels("redis-ha-junit/run", run).endMetadata()
                .editSpec().editTemplate().editSpec().withServiceAccountName(account)
                .editFirstContainer().withImage(image).withArgs(inner).endContainer()
                .endSpec().endTemplate().endSpec().build();
        create(job);
        out.println("certify --in-cluster: Job " + job.getMetadata().getName() + " in namespace " + namespace + " ("
                + image + ", ServiceAccount " + account + ")");
        String pod = awaitStarted(job.getMetadata().getName(), image);
        List<String> archive = streamLog(pod);
        int exitCode = awaitExitCode(pod);
        Optional<List<Path>> files;
        try {
            files = ReportArchive.unpack(archive, reports);
        } catch (UncheckedIOException e) {
            throw new InClusterFailure("the Job ended with exit code " + exitCode + ", but its reports could not be"
                    + " taken out of the log of pod " + pod + ": " + e.getMessage());
        }
        if (files.isPresent()) {
            copy(reports.resolve("certification.json"), json, "JSON report");
            copy(reports.resolve("certification.html"), html, "HTML report");
            out.println("reports of the in-cluster run (" + files.get().size() + " files): "
                    + reports.toAbsolutePath());
        } else {
            err.println("certify --in-cluster: the Job's log carried no reports (its run ended before writing them)");
        }
        return exitCode;
    }

    /** Applies the ServiceAccount, Role and RoleBinding under this run's names; returns the ServiceAccount's. */
    private String applyRbac() {
        ServiceAccount account = null;
        Role role = null;
        RoleBinding binding = null;
        try (InputStream in = resource("rbac.yaml")) {
            for (HasMetadata item : client.load(in).items()) {
                if (item instanceof ServiceAccount sa) {
                    account = sa;
                } else if (item instanceof Role r) {
                    role = r;
                } else if (item instanceof RoleBinding b) {
                    binding = b;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (account == null || role == null || binding == null) {
            throw new IllegalStateException(MANIFESTS + "rbac.yaml lacks its ServiceAccount, Role or RoleBinding");
        }
        String accountName = name(account.getMetadata().getName());
        String roleName = name(role.getMetadata().getName());
        create(new ServiceAccountBuilder(account).editMetadata().withName(accountName).endMetadata().build());
        create(new RoleBuilder(role).editMetadata().withName(roleName).endMetadata().build());
        create(new RoleBindingBuilder(binding).editMetadata().withName(name(binding.getMetadata().getName()))
                .endMetadata().editRoleRef().withName(roleName).endRoleRef()
                .editFirstSubject().withName(accountName).withNamespace(namespace).endSubject().build());
        return accountName;
    }

    private <T extends HasMetadata> void create(T item) {
        created.add(0, client.resource(item).inNamespace(namespace).create());
    }

    /** The Job's pod once its container runs or ended; fails fast when it cannot start (an image not loaded). */
    private String awaitStarted(String job, String image) {
        AtomicReference<String> seen = new AtomicReference<>("no pod yet");
        AtomicReference<String> cannotStart = new AtomicReference<>();
        String podName;
        try {
            podName = await("the pod of Job " + job + " to start").atMost(START_BOUND).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("job-name", job).list()
                                .getItems();
                        if (pods.isEmpty()) {
                            return null;
                        }
                        Pod pod = pods.get(0);
                        Optional<ContainerStatus> status = status(pod);
                        seen.set("pod " + pod.getMetadata().getName() + " " + pod.getStatus().getPhase()
                                + status.map(s -> s.getState().getWaiting()).map(ContainerStateWaiting::getReason)
                                        .map(reason -> " (" + reason + ")").orElse(""));
                        status.map(s -> s.getState().getWaiting()).filter(w -> CANNOT_START.contains(w.getReason()))
                                .ifPresent(w -> cannotStart.set(w.getReason() + ": " + w.getMessage()));
                        boolean started = status.map(s -> s.getState().getRunning() != null
                                || s.getState().getTerminated() != null).orElse(false);
                        return started || cannotStart.get() != null ? pod.getMetadata().getName() : null;
                    }, name -> name != null);
        } catch (ConditionTimeoutException e) {
            throw new InClusterFailure("the Job's pod did not start within " + START_BOUND.toMinutes() + " min: "
                    + seen.get());
        }
        if (cannotStart.get() != null) {
            throw new InClusterFailure("the Job's container cannot start (" + cannotStart.get() + "): the image "
                    + image + " is not on the cluster's nodes (fix: scripts/certify-image builds it and loads it"
                    + " into the local cluster; elsewhere push it and give --certify-image REF)");
        }
        return podName;
    }

    /** Prints the container's log as it comes, but the reports' block, whose lines it returns. */
    private List<String> streamLog(String pod) {
        List<String> archive = new ArrayList<>();
        try (LogWatch log = client.pods().inNamespace(namespace).withName(pod).inContainer(CONTAINER).watchLog();
                BufferedReader lines = new BufferedReader(new InputStreamReader(log.getOutput(),
                        StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (ReportArchive.belongs(line)) {
                    archive.add(line);
                } else {
                    out.println(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the log of pod " + pod + " broke off: " + e.getMessage(), e);
        }
        return archive;
    }

    private int awaitExitCode(String pod) {
        try {
            return await("the container of pod " + pod + " to end").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> status(client.pods().inNamespace(namespace).withName(pod).get())
                            .map(s -> s.getState().getTerminated()).map(ContainerStateTerminated::getExitCode)
                            .orElse(null), code -> code != null);
        } catch (ConditionTimeoutException e) {
            throw new InClusterFailure("the log of pod " + pod + " ended, but its container did not within 60 s");
        }
    }

    private static Optional<ContainerStatus> status(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(CONTAINER)).findFirst();
    }

    private void copy(Path from, Optional<Path> to, String what) {
        if (to.isEmpty() || !Files.isRegularFile(from)) {
            return;
        }
        try {
            Path parent = to.get().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(from, to.get(), StandardCopyOption.REPLACE_EXISTING);
            out.println(what + ": " + to.get().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + to.get() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the Job and the RBAC objects this run created, newest first, each once what it owns is gone: the Job's
     * pod goes before the command returns (background deletion left it in the namespace for a while), within {@link
     * #REMOVAL_BOUND}.
     */
    private void removeWhatItCreated() {
        for (HasMetadata item : created) {
            try {
                client.resource(item).inNamespace(namespace).withPropagationPolicy(DeletionPropagation.FOREGROUND)
                        .withTimeout(REMOVAL_BOUND.toSeconds(), TimeUnit.SECONDS).delete();
            } catch (KubernetesClientException e) {
                err.println("certify --in-cluster: could not remove " + item.getKind() + " " + item.getMetadata()
                        .getName() + " from namespace " + namespace + ": " + e.getMessage());
            }
        }
    }

    private String name(String base) {
        return base + "-" + run;
    }

    private <T extends HasMetadata> T template(String file, Class<T> type) {
        try (InputStream in = resource(file)) {
            return client.getKubernetesSerialization().unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = InClusterRun.class.getResourceAsStream(MANIFESTS + file);
        if (in == null) {
            throw new IllegalStateException("no " + MANIFESTS + file + " on the classpath (a repackaged jar dropped"
                    + " it)");
        }
        return in;
    }

    /** The in-cluster run could not certify: said as the command's error, exit code 2. */
    static final class InClusterFailure extends RuntimeException {
        InClusterFailure(String message) {
            super(message);
        }
    }
}
