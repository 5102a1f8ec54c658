package io.github.redishajunit.internal;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisHAClusterService;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.cluster.ClusterChoice;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.manifest.ManifestLoader;
import io.github.redishajunit.internal.manifest.RedisManifest;
import io.github.redishajunit.internal.manifest.RunLabels;
import io.github.redishajunit.internal.progress.Concurrently;
import io.github.redishajunit.internal.readiness.ClusterEvidence;
import io.github.redishajunit.internal.readiness.Diagnostics;
import io.github.redishajunit.internal.readiness.Evidence;
import io.github.redishajunit.internal.settings.ConfigResolver;
import io.github.redishajunit.internal.settings.ExtensionConfig;
import io.github.redishajunit.internal.stack.StackProvisioner;
import io.github.redishajunit.internal.stack.StackResource;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link RedisHACluster @RedisHACluster} does, behind the public extension that JUnit registers (found with
 * {@link java.util.ServiceLoader} as the {@link RedisHAClusterService}). It only dispatches: settings to {@link ConfigResolver}, the cluster
 * to {@link ClusterTarget} (one per run, in the root store, which sweeps expired namespaces when it connects: {@link
 * OrphanSweep}), stacks to {@link StackProvisioner} (one per scope and settings, in the store of the scope: the class,
 * the test, or the root for {@code scope = RUN}), evidence to {@link Diagnostics}. Every stack is an AutoCloseable store
 * value, so JUnit releases it when its scope ends.
 */
@API(status = API.Status.INTERNAL)
public final class StackLifecycle implements RedisHAClusterService {

    private static final Logger LOG = LoggerFactory.getLogger(StackLifecycle.class);
    private static final Namespace NAMESPACE = Namespace.create(StackLifecycle.class);
    private static final String RUN_ID = "run-id";
    private static final String START = "start";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(START, System.nanoTime());
        Class<?> testClass = context.getRequiredTestClass();
        if (AnnotationSupport.isAnnotated(testClass, RedisHACluster.class)) {
            stack(context, classAnnotations(testClass));
        }
        injectFields(context, null, testClass, ModifierSupport::isStatic);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(START, System.nanoTime());
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, instance.getClass(), ModifierSupport::isNotStatic);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(RedisHACluster.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        var parameter = parameterContext.getParameter();
        String where = "parameter " + parameter.getName() + " of " + parameterContext.getDeclaringExecutable();
        if (parameterContext.getDeclaringExecutable() instanceof Constructor) {
            throw new ParameterResolutionException("@RedisHACluster on constructor " + where + " is not supported:"
                    + " annotate a field or a test/lifecycle method parameter instead");
        }
        if (!isInjectable(parameter.getType())) {
            throw new ParameterResolutionException("@RedisHACluster " + where + " has type "
                    + parameter.getType().getName() + ", but only " + HACluster.class.getSimpleName() + " (or "
                    + RedisTopology.class.getSimpleName() + ") can be injected (declare it as HACluster)");
        }
        List<RedisHACluster> annotations = new ArrayList<>();
        parameterContext.findAnnotation(RedisHACluster.class).ifPresent(annotations::add);
        annotations.addAll(classAnnotations(context.getRequiredTestClass()));
        return stack(context, annotations);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachEvidence(context, throwable, context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachEvidence(context, throwable, "BeforeAll");
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachEvidence(context, throwable, "BeforeEach");
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachEvidence(context, throwable, "AfterEach");
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw attachEvidence(context, throwable, "AfterAll");
    }

    /**
     * Marks the stacks in scope failed, attaches their evidence as suppressed, returns the original throwable.
     *
     * @param what the failed test's display name or the lifecycle phase, for the evidence file's name
     */
    private static Throwable attachEvidence(ExtensionContext context, Throwable throwable, String what) {
        if (throwable instanceof TestAbortedException) {
            return throwable; // an assumption, not a failure
        }
        Path reports = resolver(context).reportsDir();
        for (StackResource stack : liveStacks(context)) {
            if (stack.covers(context)) {
                stack.markFailed();
                HACluster cluster = stack.cluster();
                Evidence evidence = Diagnostics.collect(stack.kubernetesCluster(),
                        "failed-" + what, reports, context.getRequiredTestClass().getName());
                throwable.addSuppressed(new ClusterEvidence(cluster.namespace(), evidence));
                evidence.file().ifPresent(file -> publish(context, file));
            }
        }
        return throwable;
    }

    /**
     * Publishes an evidence file too, so that build tools (Open Test Reporting, IDEs) attach it to the failed test;
     * where the launcher writes no outputs (EngineTestKit by default) the file written stays the evidence.
     */
    private static void publish(ExtensionContext context, Path file) {
        try {
            context.publishFile(file.getFileName().toString(), MediaType.TEXT_PLAIN_UTF_8,
                    target -> Files.copy(file, target));
        } catch (RuntimeException noOutputs) {
            LOG.debug("Evidence {} not published: {}", file, noOutputs.toString());
        }
    }

    private static void injectFields(ExtensionContext context, Object instance, Class<?> testClass,
            Predicate<Field> predicate) {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, RedisHACluster.class, predicate)) {
            String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@RedisHACluster " + where + " must not be final (remove"
                        + " final so that the extension can inject the cluster)");
            }
            if (!isInjectable(field.getType())) {
                throw new ExtensionConfigurationException("@RedisHACluster " + where + " has type "
                        + field.getType().getName() + ", but only " + HACluster.class.getSimpleName() + " (or "
                        + RedisTopology.class.getSimpleName() + ") can be injected (declare it as HACluster)");
            }
            List<RedisHACluster> annotations = new ArrayList<>();
            AnnotationSupport.findAnnotation(field, RedisHACluster.class).ifPresent(annotations::add);
            annotations.addAll(classAnnotations(testClass));
            HACluster cluster = stack(context, annotations);
            try {
                ReflectionSupport.makeAccessible(field).set(instance, cluster);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("@RedisHACluster cannot set " + where + ": " + e, e);
            }
        }
    }

    private static boolean isInjectable(Class<?> type) {
        return type == HACluster.class || type == RedisTopology.class;
    }

    /** The annotations on the class and its enclosing classes ({@code @Nested}), innermost first. */
    private static List<RedisHACluster> classAnnotations(Class<?> testClass) {
        List<RedisHACluster> annotations = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            AnnotationSupport.findAnnotation(c, RedisHACluster.class).ifPresent(annotations::add);
        }
        return annotations;
    }

    /**
     * The stack for these settings in this scope: an existing one (in this scope or an enclosing one) or a new one
     * stored in this scope's store; with {@code scope = RUN}, in the root store, shared by the whole run.
     */
    private static HACluster stack(ExtensionContext context, List<RedisHACluster> annotations) {
        ConfigResolver resolver = resolver(context);
        ExtensionConfig config = resolver.resolve(annotations);
        ExtensionContext owner = config.scope() == StackScope.RUN ? context.getRoot() : context;
        ExtensionContext.Store store = owner.getStore(NAMESPACE);
        StackKey stackKey = new StackKey(config);
        // a new stack's manifest is parsed while the cluster is reached (a cold JVM spends a few hundred ms on each)
        CompletableFuture<RedisManifest> manifest = config.provision() && store.get(stackKey) == null
                ? Concurrently.supply(() -> ManifestLoader.load(config.manifest()))
                : null;
        // the run's target before any stack: the root store closes in reverse order, so stacks go before the client
        ClusterTarget target = target(context, resolver);
        StackResource stack = store.getOrComputeIfAbsent(stackKey, key -> provision(context, owner, target, resolver,
                key.config(), manifest), StackResource.class);
        return stack.cluster();
    }

    /**
     * One target per run and settings, in the root store; connecting first sweeps expired namespaces. The sweep is
     * stored after its target, so the root store (closing in reverse order) waits for it before closing the client.
     */
    private static ClusterTarget target(ExtensionContext context, ConfigResolver resolver) {
        TargetSettings settings = resolver.targetSettings();
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        ClusterTarget target = root.getOrComputeIfAbsent(settings,
                given -> ClusterTarget.connect(given, ClusterChoice.Environment.current()), ClusterTarget.class);
        if (resolver.sweep()) {
            root.getOrComputeIfAbsent(new SweepKey(settings), key -> OrphanSweep.sweepInBackground(target.client()),
                    AutoCloseable.class);
        }
        return target;
    }

    /** The store key of the background sweep of one target. */
    private record SweepKey(TargetSettings settings) {}

    /**
     * @param context the context that asked first (its class names the namespace, its start times the progress)
     * @param owner the context whose store holds the stack: its end removes the stack
     */
    private static StackResource provision(ExtensionContext context, ExtensionContext owner, ClusterTarget target,
            ConfigResolver resolver, ExtensionConfig config, CompletableFuture<RedisManifest> parsing) {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        String runId = root.getOrComputeIfAbsent(RUN_ID, k -> RunLabels.newRunId(), String.class);
        LiveStacks live = root.getOrComputeIfAbsent(LiveStacks.class);
        Long start = context.getStore(NAMESPACE).get(START, Long.class);
        List<StackResource> holder = new ArrayList<>(1);
        Supplier<RedisManifest> manifest = parsing != null ? () -> Concurrently.join(parsing)
                : () -> ManifestLoader.load(config.manifest());
        StackResource stack = StackProvisioner.provision(new StackProvisioner.Request(target, config, manifest,
                context.getRequiredTestClass(), runId, resolver.reportsDir(), owner,
                start == null ? System.nanoTime() : start, () -> live.stacks.removeAll(holder)));
        holder.add(stack);
        live.stacks.add(stack);
        return stack;
    }

    private static List<StackResource> liveStacks(ExtensionContext context) {
        return List.copyOf(context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LiveStacks.class).stacks);
    }

    private static ConfigResolver resolver(ExtensionContext context) {
        return new ConfigResolver(context::getConfigurationParameter);
    }

    /** Store key of a stack: equal settings in one scope share one stack. */
    private record StackKey(ExtensionConfig config) {}

    /** Every stack alive in this run, so that a failure can find the stacks in its scope. */
    static final class LiveStacks {
        final List<StackResource> stacks = new CopyOnWriteArrayList<>();
    }
}
