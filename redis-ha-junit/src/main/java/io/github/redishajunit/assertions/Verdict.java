package io.github.redishajunit.assertions;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AssertionInfo;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.description.Description;
import org.assertj.core.error.DescriptionFormatter;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.internal.Failures;
import org.assertj.core.presentation.Representation;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * A step's outcome: what it observed, and each kind of failure it found. The static entry points and the fluent
 * assertion both turn it into an AssertionError; only the latter adds the assertion's description.
 */
record Verdict<R>(R result, List<ErrorMessageFactory> failures) {

    Verdict {
        failures = List.copyOf(failures);
    }

    static <R> Verdict<R> passed(R result) {
        return new Verdict<>(result, List.of());
    }

    static <R> Verdict<R> failed(R result, ErrorMessageFactory failure) {
        return new Verdict<>(result, List.of(failure));
    }

    boolean passed() {
        return failures.isEmpty();
    }

    R orThrow() {
        return orThrow(new WritableAssertionInfo());
    }

    /** The result, or an AssertionError holding every failure's message (one after the other). */
    R orThrow(AssertionInfo info) {
        if (failures.isEmpty()) {
            return result;
        }
        ErrorMessageFactory message = failures.size() == 1 ? failures.get(0) : new AllOf(failures);
        throw Failures.instance().failure(info, message);
    }

    /** Several failures of one step, each worded by its own factory, under one description. */
    private record AllOf(List<ErrorMessageFactory> failures) implements ErrorMessageFactory {

        @Override
        public String create(Description description, Representation representation) {
            return DescriptionFormatter.instance().format(description) + failures.stream()
                    .map(failure -> failure.create(Description.emptyIfNull(null), representation))
                    .collect(Collectors.joining("\n"));
        }

        @Override
        public String create(Description description) {
            return create(description, StandardRepresentation.STANDARD_REPRESENTATION);
        }

        @Override
        public String create() {
            return create(Description.emptyIfNull(null));
        }
    }
}
