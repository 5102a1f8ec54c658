package io.github.redishajunit.assertions;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Sentinels that name another master, or none, or lack quorum, or know other replicas and Sentinels than run. */
final class ShouldAgreeOnMaster extends RedisHAErrorMessageFactory {

    static ErrorMessageFactory shouldAgreeOnMaster(String location, int sentinels, String master, String masterName,
            int replicas, List<String> observations) {
        return new ShouldAgreeOnMaster(location, "to have its " + sentinels + " Sentinels name its master " + master
                + " for " + masterName + ", with quorum, each knowing its " + replicas + " replicas and the other "
                + (sentinels - 1) + " Sentinels", String.join("\nand ", observations));
    }

    private ShouldAgreeOnMaster(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
