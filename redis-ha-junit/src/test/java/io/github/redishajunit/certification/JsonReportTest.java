package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.certification.StepResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --json}: the result written as one object, parsed back, with its stable field names and typed figures. */
class JsonReportTest {

    @TempDir
    Path dir;

    @Test
    void theResultIsOneObjectWithTheStackTheStepsTheDrillsAndTheEnvironment() throws Exception {
        Map<String, String> stack = new LinkedHashMap<>();
        stack.put("pod:redis-master-0:role", "master");
        stack.put("pod:redis-master-0:image", "redis:7.0.15");
        stack.put("pod:redis-master-0:version", "redis 7.0.15");
        stack.put("pod:redis-slave-0:role", "replica");
        stack.put("sentinel:redis-master-0:address", "10.0.0.1:26379");
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("name", "lag");
        figures.put("acknowledgedLost", "0");
        figures.put("replica:redis-slave-0:maxBytes", "3072");
        figures.put("replica:redis-slave-0:p99Ms", "100");
        StepResult replication = StepResult.of("1. replication: one master", Status.PASS, 6, List.of("master ok"),
                List.of(), Optional.empty(), List.of(), Map.of("replica:redis-slave-0:latencyUs", "9000"), Map.of());
        StepResult sentinel = StepResult.of("1b. Sentinel: every Sentinel names the master", Status.NOT_APPLICABLE, 0,
                List.of(), List.of(), Optional.of("not applicable: the stack has no Sentinels"), List.of(), Map.of(), Map.of());
        StepResult lag = StepResult.of("14. drill: replication lag", Status.FAIL, 12000, List.of(), List.of(),
                Optional.of("Expecting ...\nbut ..."), List.of("Evidence written to /tmp/x"), Map.of(), figures);
        CertificationResult result = new CertificationResult("in namespace redis", "found 3 Redis pods", stack,
                Map.of("nodes", "3", "kubernetesVersion", "v1.37.2"), List.of(replication, sentinel, lag),
                List.of("drill lag: acknowledged writes lost: 0"));

        Path file = dir.resolve("out/report.json");
        JsonReport.write(result, file);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));

        assertThat(json.get("schema").asString()).isEqualTo("redis-ha-junit/certification/1");
        assertThat(json.get("certified").asBoolean()).isFalse();
        assertThat(json.get("counts").get("passed").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("notApplicable").asInt()).isEqualTo(1);
        assertThat(json.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("stack").get("pods").get(0).get("name").asString()).isEqualTo("redis-master-0");
        assertThat(json.get("stack").get("pods").get(0).get("image").asString()).isEqualTo("redis:7.0.15");
        assertThat(json.get("stack").get("pods").get(1).get("role").asString()).isEqualTo("replica");
        assertThat(json.get("stack").get("sentinels").get(0).get("address").asString()).isEqualTo("10.0.0.1:26379");
        assertThat(json.get("environment").get("nodes").isNumber()).isTrue();
        assertThat(json.get("steps").get(1).get("id").asString()).isEqualTo("1b");
        assertThat(json.get("steps").get(1).get("status").asString()).isEqualTo("N/A");
        assertThat(json.get("steps").get(0).get("durationMs").asLong()).isEqualTo(6);
        assertThat(json.get("steps").get(0).get("failure").isNull()).isTrue();
        assertThat(json.get("steps").get(0).get("figures").get("replicas").get(0).get("latencyUs").asLong())
                .isEqualTo(9000);
        JsonNode drill = json.get("drills").get(0);
        assertThat(drill.get("step").asString()).isEqualTo("14");
        assertThat(drill.get("status").asString()).isEqualTo("FAIL");
        assertThat(drill.get("acknowledgedLost").isNumber()).isTrue();
        assertThat(drill.get("replicas").get(0).get("name").asString()).isEqualTo("redis-slave-0");
        assertThat(drill.get("replicas").get(0).get("maxBytes").asLong()).isEqualTo(3072);
        assertThat(json.get("drillLines").get(0).asString()).startsWith("drill lag: acknowledged writes lost: 0");
    }
}
