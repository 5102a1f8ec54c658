package io.github.redishajunit.assertions;

import org.apiguardian.api.API;

/**
 * A line the log step requires and did not find.
 *
 * @param node the node (pod) whose log lacks it
 * @param marker the expected line, as the node would word it (Redis: {@code MASTER <-> REPLICA sync: ...}, Valkey:
 *     {@code PRIMARY <-> REPLICA sync: ...}; every wording is accepted)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record MissingLogMarker(String node, String marker) {}
