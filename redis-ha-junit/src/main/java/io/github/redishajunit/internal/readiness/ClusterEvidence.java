package io.github.redishajunit.internal.readiness;

import org.apiguardian.api.API;

/**
 * Evidence attached to a failed test as a suppressed exception: the test's own exception is rethrown unchanged,
 * and this one travels with it into every report. It has no stack trace of its own; the text is the point.
 */
@API(status = API.Status.INTERNAL)
public final class ClusterEvidence extends RuntimeException {

    public ClusterEvidence(String namespace, Evidence evidence) {
        super("Redis HA cluster in namespace " + namespace + " when the test failed"
                + (evidence.file().isPresent() ? " (" + evidence.whereWritten() + ")" : "") + ":\n" + evidence.text(),
                null, false, false);
    }
}
