package io.github.redishajunit.assertions;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What the log step observed.
 *
 * @param nodes the nodes whose logs were read
 * @param findings forbidden lines (allow-listed ones left out)
 * @param missingMarkers required lines that were not found
 * @param rules the rules applied
 * @param recovered replication link errors that a later successful sync recovered from (a restart, a failover):
 *     history, not findings
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record LogAudit(List<String> nodes, List<LogFinding> findings, List<MissingLogMarker> missingMarkers,
        LogRules rules, List<LogFinding> recovered) {

    public LogAudit {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
        missingMarkers = List.copyOf(missingMarkers);
        recovered = List.copyOf(recovered);
    }

    public boolean clean() {
        return findings.isEmpty() && missingMarkers.isEmpty();
    }
}
