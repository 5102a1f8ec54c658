package io.github.redishajunit.assertions;

import java.util.List;

/**
 * What the log step observed.
 *
 * @param nodes the nodes whose logs were read
 * @param findings forbidden lines (allow-listed ones left out)
 * @param missingMarkers required lines that were not found
 * @param rules the rules applied
 */
public record LogAudit(List<String> nodes, List<LogFinding> findings, List<MissingLogMarker> missingMarkers,
        LogRules rules) {

    public LogAudit {
        nodes = List.copyOf(nodes);
        findings = List.copyOf(findings);
        missingMarkers = List.copyOf(missingMarkers);
    }

    public boolean clean() {
        return findings.isEmpty() && missingMarkers.isEmpty();
    }
}
