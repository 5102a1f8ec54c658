package io.github.redishajunit.internal.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Which of the pods that serve the Redis protocol only pass connections on to another pod's server (a proxy in front
 * of the stack, such as HAProxy routing to the master), from what the server behind each connection says: the address
 * it accepted the connection on ({@code laddr} of {@code CLIENT INFO}) is another pod's, not this pod's own or a
 * loopback one (a port-forward connects inside the pod); or, when that cannot be asked, its {@code run_id} is the one
 * a pod that serves its own connections reports. It asks nothing itself.
 */
@API(status = API.Status.INTERNAL)
public final class ProxyDetection {

    private ProxyDetection() {}

    /**
     * What one pod's connection answered.
     *
     * @param runId {@code run_id} of {@code INFO server}
     * @param localHost the host of {@code CLIENT INFO}'s {@code laddr}, empty when the command is not served
     * @param podIp the pod's own IP
     */
    public record Answer(String pod, String runId, Optional<String> localHost, String podIp) {

        /** Whether the connection was accepted inside this pod (empty: cannot tell). */
        Optional<Boolean> servedHere() {
            return localHost.map(host -> isLoopback(host) || host.equals(podIp));
        }
    }

    /** The proxies among {@code answers}, each with the pod whose server it reaches (or the address, if no pod's). */
    public static Map<String, String> proxies(List<Answer> answers) {
        Map<String, String> proxies = new LinkedHashMap<>();
        for (Answer answer : answers) {
            Optional<Boolean> here = answer.servedHere();
            Optional<Answer> behind = answers.stream()
                    .filter(other -> other != answer && Objects.equals(other.runId(), answer.runId())
                            && other.servedHere().orElse(false))
                    .findFirst();
            if (here.isPresent() && !here.get()) {
                proxies.put(answer.pod(), behind.map(Answer::pod).orElse(answer.localHost().orElseThrow()));
            } else if (here.isEmpty() && behind.isPresent()) {
                proxies.put(answer.pod(), behind.get().pod());
            }
        }
        return proxies;
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }
}
