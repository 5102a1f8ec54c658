package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasesTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void everyReleaseRunsAndTheFirstFailureCarriesTheOthers() {
        assertThatThrownBy(() -> Releases.runAll(List.of(() -> fail("first"), () -> ran.add("second"),
                () -> fail("third"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("first")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("third"));
        assertThat(ran).containsExactly("first", "second", "third");
    }

    @Test
    void anErrorDoesNotKeepTheLaterReleasesFromRunning() {
        assertThatThrownBy(() -> Releases.runAll(List.of(() -> {
            ran.add("first");
            throw new AssertionError("first");
        }, () -> ran.add("last"))))
                .isInstanceOf(AssertionError.class).hasMessage("first");
        assertThat(ran).containsExactly("first", "last");
    }

    @Test
    void nothingThrownWhenEveryReleaseSucceeds() {
        Releases.runAll(List.of(() -> ran.add("a"), () -> ran.add("b")));

        assertThat(ran).containsExactly("a", "b");
    }

    private void fail(String name) {
        ran.add(name);
        throw new IllegalStateException(name);
    }
}
