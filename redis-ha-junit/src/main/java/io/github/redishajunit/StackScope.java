package io.github.redishajunit;

import org.apiguardian.api.API;

/**
 * How long a {@link RedisHACluster @RedisHACluster} stack lives, and so who shares it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public enum StackScope {

    /**
     * Placeholder meaning "use the configuration parameter {@value RedisHACluster#SCOPE_KEY}, else {@link #ELEMENT}".
     */
    DEFAULT,

    /**
     * The annotated element decides, as described on {@link RedisHACluster}: a class or a static field (or a
     * {@code @BeforeAll} parameter) gets a stack for the class; an instance field or a test parameter, one for the
     * test. The built-in default.
     */
    ELEMENT,

    /**
     * One stack for the whole test run: every class of the run that asks for the same settings shares it. It is
     * provisioned by the first class that asks, kept between classes and removed when the run ends (subject to
     * {@link RedisHACluster#cleanup()}: a failure anywhere in the run keeps it under {@link CleanupPolicy#ON_SUCCESS}).
     * For tests that only read the stack; not for tests that disturb it (failover drills, deleting pods, config
     * changes, {@code FLUSHALL}): the next class would inherit what they did.
     */
    RUN
}
