package io.github.redishajunit;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Not API: the seam between {@link RedisHACluster @RedisHACluster} and the library's implementation, which
 * registers itself in {@code META-INF/services}. It lets the public packages stay free of the internal one: the
 * implementation depends on the API, never the reverse.
 */
@API(status = API.Status.INTERNAL)
public interface RedisHAClusterService extends BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {}
