package io.github.redishajunit.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which cluster to talk to, as configured ({@code redis.ha.kubeconfig}, {@code redis.ha.context}); empty values
 * mean the standard resolution. One client per distinct settings per test run.
 */
record TargetSettings(Optional<Path> kubeconfig, Optional<String> context) {}
