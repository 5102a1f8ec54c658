package io.github.redishajunit.assertions;

/**
 * A line the log step requires and did not find.
 *
 * @param node the node (pod) whose log lacks it
 * @param marker the expected line, as Redis 7.0 words it (7.2 wordings are accepted too)
 */
public record MissingLogMarker(String node, String marker) {}
