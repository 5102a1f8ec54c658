package io.github.redishajunit.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.internal.discovery.ProxyDetection.Answer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proxies told from data pods by where the server behind each connection accepted it, or by a shared run_id. */
class ProxyDetectionTest {

    private static Answer answer(String pod, String runId, String localHost, String podIp) {
        return new Answer(pod, runId, Optional.ofNullable(localHost), podIp);
    }

    @Test
    void podsWhoseConnectionsLandOnAnotherPodsServerAreProxiesToIt() {
        List<Answer> answers = List.of(
                answer("kv-0", "aaa", "127.0.0.1", "10.1.0.10"),           // through a port-forward
                answer("kv-1", "bbb", "10.1.0.11", "10.1.0.11"),           // in-cluster, at its own address
                answer("door-x", "aaa", "10.1.0.10", "10.1.0.20"),         // lands on kv-0
                answer("door-y", "aaa", "10.1.0.10", "10.1.0.21"));

        assertThat(ProxyDetection.proxies(answers)).containsExactly(Map.entry("door-x", "kv-0"),
                Map.entry("door-y", "kv-0"));
    }

    @Test
    void withoutClientInfoASharedRunIdTellsAndWithNeitherNothingIsGuessed() {
        assertThat(ProxyDetection.proxies(List.of(answer("kv-0", "aaa", "::1", "fd00::10"),
                answer("door-x", "aaa", null, "10.1.0.20")))).containsExactly(Map.entry("door-x", "kv-0"));
        assertThat(ProxyDetection.proxies(List.of(answer("kv-0", "aaa", null, "10.1.0.10"),
                answer("kv-1", "bbb", null, "10.1.0.11")))).isEmpty();
        // a proxy to a server that is no pod of the stack is named by the address it lands on
        assertThat(ProxyDetection.proxies(List.of(answer("door-x", "zzz", "10.9.9.9", "10.1.0.20"))))
                .containsExactly(Map.entry("door-x", "10.9.9.9"));
    }

    @Test
    void aHealthyStackHasNone() {
        assertThat(ProxyDetection.proxies(List.of(answer("kv-0", "aaa", "127.0.0.1", "10.1.0.10"),
                answer("kv-1", "bbb", "127.0.0.1", "10.1.0.11"), answer("kv-2", "ccc", "10.1.0.12", "10.1.0.12"))))
                .isEmpty();
    }
}
