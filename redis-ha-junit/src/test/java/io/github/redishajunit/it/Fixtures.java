package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.github.redishajunit.ProcessRun;
import io.github.redishajunit.certification.CertifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fixture stacks of {@code src/test/resources/fixtures/}, shaped like the stacks people run: deployed into a
 * namespace of their own as a user deploys them (objects created as written, no extension involved), certified
 * with the certify command, poked with {@code redis-cli} inside their pods.
 */
final class Fixtures {

    private Fixtures() {}

    record Run(int exitCode, String output, String errors) {
        String all() {
            return output + errors;
        }

        long lines() {
            return output.lines().count();
        }
    }

    /** Creates a labelled namespace and every object of the fixture in it; waits for its workloads to be ready. */
    static String deploy(KubernetesClient client, String fixture, String prefix) {
        return deploy(client, fixture, prefix, UnaryOperator.identity());
    }

    /** {@link #deploy(KubernetesClient, String, String)} with each object edited by {@code edit} first. */
    static String deploy(KubernetesClient client, String fixture, String prefix, UnaryOperator<HasMetadata> edit) {
        return deployResource(client, "/fixtures/" + fixture, prefix, edit);
    }

    /**
     * {@link #deploy(KubernetesClient, String, String)} with {@code first} run in the new namespace before the
     * fixture's objects are created (a Secret the fixture mounts but does not hold, made for that namespace).
     */
    static String deploy(KubernetesClient client, String fixture, String prefix, Consumer<String> first) {
        return deployResource(client, "/fixtures/" + fixture, prefix, UnaryOperator.identity(), first, true);
    }

    /**
     * {@link #deploy(KubernetesClient, String, String, Consumer)} without waiting for its workloads to be ready: a
     * stack that cannot become ready (its certificates expired), for the certifier to judge as it starts.
     */
    static String deployUnready(KubernetesClient client, String fixture, String prefix,
            UnaryOperator<HasMetadata> edit, Consumer<String> first) {
        return deployResource(client, "/fixtures/" + fixture, prefix, edit, first, false);
    }

    /** {@link #deploy(KubernetesClient, String, String, UnaryOperator)} of a classpath resource, e.g. the manifest. */
    static String deployResource(KubernetesClient client, String resource, String prefix,
            UnaryOperator<HasMetadata> edit) {
        return deployResource(client, resource, prefix, edit, namespace -> { }, true);
    }

    private static String deployResource(KubernetesClient client, String resource, String prefix,
            UnaryOperator<HasMetadata> edit, Consumer<String> first, boolean awaitReady) {
        String namespace = prefix + "-" + Long.toString(System.nanoTime() % 100_000, 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "redis-ha-junit-it").endMetadata().build()).create();
        first.accept(namespace);
        List<HasMetadata> items;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            items = client.load(in).items().stream().map(edit).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (HasMetadata item : items) {
            // a fixed NodePort could collide with another stack on this cluster: let Kubernetes allocate one
            HasMetadata object = item instanceof Service svc && "NodePort".equals(svc.getSpec().getType())
                    ? new ServiceBuilder(svc).editSpec().editFirstPort().withNodePort(null).endPort().endSpec().build()
                    : item;
            client.resource(object).inNamespace(namespace).create();
        }
        for (HasMetadata item : awaitReady ? items : List.<HasMetadata>of()) {
            if (item instanceof StatefulSet || item instanceof Deployment) {
                client.resource(item).inNamespace(namespace).waitUntilReady(4, TimeUnit.MINUTES);
            }
        }
        return namespace;
    }

    /** An edit for {@link #deploy}: the env variable {@code name} of every container of a StatefulSet is {@code value}. */
    static UnaryOperator<HasMetadata> env(String name, String value) {
        return item -> item instanceof StatefulSet sts ? new StatefulSetBuilder(sts).editSpec().editTemplate()
                .editSpec().withContainers(sts.getSpec().getTemplate().getSpec().getContainers().stream()
                        .map(c -> new ContainerBuilder(c).withEnv(c.getEnv().stream()
                                .map(e -> e.getName().equals(name) ? new EnvVarBuilder(e).withValue(value).build() : e)
                                .toList()).build())
                        .toList())
                .endSpec().endTemplate().endSpec().build() : item;
    }

    /** {@code scripts/certify ARGS} in this JVM, with its own reports directory. */
    static Run certify(Path reports, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--reports", reports.toString()));
        int code = CertifyCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code java -jar redis-ha-junit-<version>-certify.jar ARGS} in a JVM of its own, as a user runs it, its output
     * and errors each to a file (a full pipe cannot stall it; see {@link ProcessRun}), with its own reports directory.
     */
    static Run certifyJar(Path reports, String... args) {
        try {
            Path jar;
            try (Stream<Path> files = Files.list(Path.of("target"))) {
                jar = files.filter(f -> f.getFileName().toString().endsWith("-certify.jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("no target/redis-ha-junit-*-certify.jar: run mvn package"));
            }
            Files.createDirectories(reports);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar.toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("--reports", reports.toString()));
            ProcessRun run = ProcessRun.run(command, Duration.ofMinutes(10));
            return new Run(run.exitCode(), run.out(), run.err());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while certify ran", e);
        }
    }

    /**
     * What a console shows of a run holds the library's words only: no other logger's WARN or ERROR line and no Java
     * stack trace (users read one as a crash).
     */
    static void assertConsoleClean(Run run) {
        assertThat(run.all().lines()).as("the console of: %s", run.all())
                .noneMatch(line -> line.matches("\\[[^]]*] (WARN|ERROR) (?!io\\.github\\.redishajunit).*"))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: ")
                        || line.startsWith("Exception in thread "));
    }

    /**
     * Runs a shell command in a container (e.g. {@code redis-cli -a "$REDIS_PASSWORD" replicaof no one}, where the
     * pod's own env holds the password) and returns what it printed.
     */
    static String sh(KubernetesClient client, String namespace, String pod, String container, String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec("sh", "-c", command)) {
            Integer code = exec.exitCode().get(60, TimeUnit.SECONDS);
            assertThat(code).as("exit code of '%s' in %s/%s: %s", command, pod, container, err).isZero();
        } catch (Exception e) {
            throw new AssertionError("'" + command + "' in pod " + pod + " failed: " + e, e);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** Every file under {@code dir}, as text, for checking that no password leaked into a report. */
    static String allFiles(Path dir) {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * The {@code stack.pods[]} of the report {@code --json FILE} wrote (docs/report-schema.md): each pod's {@code
     * name}, {@code role}, {@code image}, {@code node} and server {@code version}, as the run saw them.
     */
    static List<JsonNode> reportedPods(Path json) {
        try {
            JsonNode pods = JsonMapper.builder().build().readTree(Files.readString(json)).get("stack").get("pods");
            return StreamSupport.stream(pods.spliterator(), false).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node the master ran on, by {@link #reportedPods}. */
    static String reportedMasterNode(Path json) {
        return reportedPods(json).stream().filter(pod -> pod.get("role").asString().equals("master"))
                .map(pod -> pod.get("node").asString()).findFirst()
                .orElseThrow(() -> new AssertionError("Expecting the report " + json + " to list a master pod but"
                        + " it lists " + reportedPods(json)));
    }

    static final Duration FAILOVER_TIMEOUT = Duration.ofMinutes(2);
}
