package io.github.redishajunit.drills;

import java.util.List;
import org.apiguardian.api.API;

/**
 * How the node-loss drill takes a Kubernetes node away and gives it back: what the Kubernetes API cannot do (stop a
 * node's kubelet and its pods' processes, cut it off) is the infrastructure's. {@link #command(List)} runs a command
 * with {@code stop NODE} or {@code start NODE} appended; on the project's local cluster that is {@code
 * scripts/local-cluster node}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface NodeOutage {

    /** Takes {@code node} away: its kubelet and its pods' processes stop answering; returns once they have. */
    void stop(String node);

    /** Gives {@code node} back after {@link #stop(String)}; returns once its processes run again. */
    void start(String node);

    /**
     * Runs {@code command} with {@code stop NODE} or {@code start NODE} appended, e.g. {@code [scripts/local-cluster,
     * node]}; each run must end with exit code 0 within 60 s.
     *
     * @throws IllegalArgumentException when {@code command} is empty
     */
    static NodeOutage command(List<String> command) {
        return new NodeOutageCommand(command);
    }
}
