package io.github.redishajunit.assertions;

import org.apiguardian.api.API;

/**
 * A log line the log step objects to.
 *
 * @param node the node (pod) whose log holds the line
 * @param kind what is wrong, e.g. {@code permission denied}, {@code memory overcommit warning}
 * @param line the offending line as logged (for repeated full resyncs, the last of them)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record LogFinding(String node, String kind, String line) {}
