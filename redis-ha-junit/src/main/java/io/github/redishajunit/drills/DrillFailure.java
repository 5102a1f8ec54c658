package io.github.redishajunit.drills;

import org.apiguardian.api.API;

/**
 * A drill that lost more acknowledged writes than tolerated: its message says how many, where and why; {@link
 * #report()} holds what it measured, for the certification report's drill line.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class DrillFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient DrillReport report;

    DrillFailure(DrillReport report, String message) {
        super(message);
        this.report = report;
    }

    /** What the drill measured before it failed. */
    public DrillReport report() {
        return report;
    }
}
