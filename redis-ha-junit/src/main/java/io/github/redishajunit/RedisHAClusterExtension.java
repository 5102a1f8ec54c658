package io.github.redishajunit;

import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * The extension that {@link RedisHACluster @RedisHACluster} registers. It forwards every callback to the library's
 * {@link RedisHAClusterService}, found with {@link ServiceLoader}; all state lives in JUnit's
 * {@link ExtensionContext.Store}, so instances are interchangeable.
 */
final class RedisHAClusterExtension implements RedisHAClusterService {

    private final RedisHAClusterService implementation = ServiceLoader
            .load(RedisHAClusterService.class, RedisHAClusterService.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new ExtensionConfigurationException("@RedisHACluster cannot find its implementation:"
                    + " no META-INF/services/" + RedisHAClusterService.class.getName() + " on the classpath (a"
                    + " repackaged jar dropped it: keep META-INF/services entries when shading redis-ha-junit)"));

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        implementation.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        implementation.beforeEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return implementation.supportsParameter(parameterContext, extensionContext);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return implementation.resolveParameter(parameterContext, extensionContext);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        implementation.handleTestExecutionException(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        implementation.handleBeforeAllMethodExecutionException(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        implementation.handleBeforeEachMethodExecutionException(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        implementation.handleAfterEachMethodExecutionException(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        implementation.handleAfterAllMethodExecutionException(context, throwable);
    }
}
