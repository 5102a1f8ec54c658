package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector as {@code kubectl -l} takes it, for the forms a user narrows a namespace with: {@code key=value},
 * {@code key==value}, {@code key!=value}, {@code key} and {@code !key}, comma-separated, all of which must hold.
 */
final class LabelSelector {

    private static final Pattern TERM = Pattern.compile("(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)(?:(==|=|!=)([-A-Za-z0-9_.]*))?");

    private final Optional<String> text;
    private final List<Term> terms;

    private LabelSelector(Optional<String> text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    static LabelSelector all() {
        return new LabelSelector(Optional.empty(), List.of());
    }

    /** @throws IllegalArgumentException naming the term that is not of a supported form */
    static LabelSelector parse(String selector) {
        List<Term> terms = new ArrayList<>();
        for (String raw : selector.split(",")) {
            String term = raw.trim();
            Matcher m = TERM.matcher(term);
            if (!m.matches() || (!m.group(1).isEmpty() && m.group(3) != null)) {
                throw new IllegalArgumentException("'" + term + "' is not a label selector term (write key=value,"
                        + " key!=value, key or !key, comma-separated, as kubectl get pods -l takes them)");
            }
            terms.add(new Term(m.group(2), m.group(3) == null ? null : m.group(4),
                    !m.group(1).isEmpty() || "!=".equals(m.group(3))));
        }
        return new LabelSelector(Optional.of(selector.trim()), List.copyOf(terms));
    }

    Optional<String> text() {
        return text;
    }

    boolean matches(Pod pod) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return terms.stream().allMatch(term -> term.matches(labels));
    }

    private record Term(String key, String value, boolean negated) {
        boolean matches(Map<String, String> labels) {
            boolean holds = value == null ? labels.containsKey(key) : value.equals(labels.get(key));
            return negated != holds;
        }
    }
}
