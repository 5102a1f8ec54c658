package io.github.redishajunit.localredis;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link LocalRedis} into {@code @BeforeAll} methods (one per test class) and test methods (one per
 * test). It is kept in that scope's {@link ExtensionContext.Store}, which closes it, stopping every process it
 * started, when the scope ends, whether its tests passed or failed.
 */
public final class LocalRedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalRedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRedis.class;
    }

    @Override
    public LocalRedis resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // keyed by the scope's own id: a test's store would otherwise find its class's LocalRedis
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(context.getUniqueId(), id -> new LocalRedis(), LocalRedis.class);
    }
}
