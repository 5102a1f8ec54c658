package io.github.redishajunit.internal.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class NamespaceProvisionerTest {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @RepeatedTest(5)
    void namedAfterTheClassWithARandomSuffix() {
        assertThat(NamespaceProvisioner.ephemeralName("ReplicationIT")).matches("rha-replicationit-[a-z0-9]{5}");
    }

    @Test
    void twoNamesForTheSameClassDiffer() {
        assertThat(NamespaceProvisioner.ephemeralName("ReplicationIT"))
                .isNotEqualTo(NamespaceProvisioner.ephemeralName("ReplicationIT"));
    }

    @Test
    void characterOutsideDnsAreReplaced() {
        assertThat(NamespaceProvisioner.ephemeralName("My_Test$Inner")).matches("rha-my-test-inner-[a-z0-9]{5}");
        assertThat(NamespaceProvisioner.ephemeralName("__")).matches("rha-test-[a-z0-9]{5}");
    }

    @Test
    void longClassNamesAreTruncatedTo63Characters() {
        String name = NamespaceProvisioner.ephemeralName(
                "AVeryLongIntegrationTestClassNameThatKeepsGoingAndGoing_AndGoingOnAndOnIT");

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).startsWith("rha-averylongintegration");
    }

    @Test
    void truncationNeverLeavesADashBeforeTheSuffix() {
        String name = NamespaceProvisioner.ephemeralName("A".repeat(52) + "-B");

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).doesNotContain("--");
    }
}
