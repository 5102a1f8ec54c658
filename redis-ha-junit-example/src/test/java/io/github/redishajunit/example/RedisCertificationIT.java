package io.github.redishajunit.example;

import io.github.redishajunit.certification.RedisHACertification;

/**
 * The whole certification suite, reused as is. Without configuration it certifies a stack it deploys from the
 * default manifest; to certify the stack your platform already runs, configure it instead (in
 * {@code src/test/resources/junit-platform.properties} or as system properties):
 *
 * <pre>
 * redis.ha.provision=false
 * redis.ha.namespace=redis
 * </pre>
 *
 * This module's {@code junit-platform.properties} sets {@code redis.ha.drills=all}: its stack is its own, so the
 * suite also runs every drill (pods deleted, force-deleted, the master restarted in place and stalled, a cold
 * start) under write load and counts what survives ({@code true} runs the pod deletes only).
 */
class RedisCertificationIT extends RedisHACertification {}
