package io.github.redishajunit.assertions;

import java.util.List;

/**
 * What one node's log says against the runbook, as {@link LogScanner} read it.
 *
 * @param findings forbidden lines, in log order (repeated full resyncs last)
 * @param missing required lines that never appeared
 * @param recovered replication link errors logged before the node's last successful sync: a restart or failover
 *     it recovered from, reported as history
 */
record LogFindings(List<LogFinding> findings, List<MissingLogMarker> missing, List<LogFinding> recovered) {

    LogFindings {
        findings = List.copyOf(findings);
        missing = List.copyOf(missing);
        recovered = List.copyOf(recovered);
    }

    LogFindings(List<LogFinding> findings, List<MissingLogMarker> missing) {
        this(findings, missing, List.of());
    }

    public boolean clean() {
        return findings.isEmpty() && missing.isEmpty();
    }
}
