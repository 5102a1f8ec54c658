package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-loss drill's command: run with {@code stop NODE} and {@code start NODE}, its failure said in full. */
class NodeOutageCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCommandGetsTheActionAndTheNode() throws Exception {
        Path said = dir.resolve("said");
        NodeOutage outage = NodeOutage.command(List.of("sh", "-c", "echo \"$0 $1\" >> " + said));

        outage.stop("rha-node-2");
        outage.start("rha-node-2");

        assertThat(Files.readAllLines(said)).containsExactly("stop rha-node-2", "start rha-node-2");
    }

    @Test
    void aCommandThatFailsIsReportedWithItsExitCodeAndOutput() {
        NodeOutage outage = NodeOutage.command(List.of("sh", "-c", "echo \"no node $1\" >&2; exit 3"));

        assertThatThrownBy(() -> outage.stop("rha-node-9")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the node outage command `sh -c echo \"no node $1\" >&2; exit 3 stop rha-node-9` ended with"
                        + " exit code 3: no node rha-node-9");
    }

    @Test
    void anEmptyCommandIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> NodeOutage.command(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the node outage command is empty")
                .hasMessageContaining("scripts/local-cluster node");
    }
}
