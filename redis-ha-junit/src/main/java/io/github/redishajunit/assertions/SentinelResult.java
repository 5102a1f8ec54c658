package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What the Sentinel step observed.
 *
 * @param masterName the master set the Sentinels monitor, e.g. {@code mymaster}
 * @param sentinels what each Sentinel said, in topology order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record SentinelResult(String masterName, List<SentinelView> sentinels) {

    public SentinelResult {
        sentinels = List.copyOf(sentinels);
    }

    /**
     * One Sentinel's answers.
     *
     * @param master {@code SENTINEL GET-MASTER-ADDR-BY-NAME}, as it answered
     * @param quorum {@code SENTINEL CKQUORUM}'s reply
     * @param replicas how many replicas it knows ({@code num-slaves})
     * @param otherSentinels how many other Sentinels it knows ({@code num-other-sentinels})
     */
    public record SentinelView(String sentinel, Endpoint address, String master, String quorum, int replicas,
            int otherSentinels) {}
}
