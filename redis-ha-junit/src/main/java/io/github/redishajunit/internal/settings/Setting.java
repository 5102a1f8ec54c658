package io.github.redishajunit.internal.settings;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@code @RedisHACluster} setting, declared once ({@link Settings}): its annotation element and configuration
 * parameter, what an annotation sets (empty where it leaves the setting to the parameter), how a value parses and
 * what makes it valid. {@link #resolve} is the one place for the precedence every setting follows: the element's
 * annotation, then its class's, then the configuration parameter (which falls back to the system property); {@link
 * SettingValue} is the one wording of an invalid value.
 *
 * @param element the annotation element, as messages name it
 * @param key the configuration parameter, e.g. {@code redis.ha.replicas}
 * @param annotation the value an annotation sets, as text; empty when it leaves the setting unset
 * @param parser the value of a text; empty when it does not parse
 * @param parseProblem what a text that does not parse is told
 * @param check the value if valid, else the {@link SettingValue#invalid} exception thrown
 */
record Setting<T>(String element, String key, Function<RedisHACluster, Optional<String>> annotation,
        Function<String, Optional<T>> parser, String parseProblem, Function<SettingValue<T>, T> check) {

    /** A text setting the annotation sets with a non-empty {@code attribute}. */
    static Setting<String> text(String element, String key, Function<RedisHACluster, String> attribute) {
        return new Setting<>(element, key, nonEmpty(attribute), Optional::of, "", SettingValue::value);
    }

    /** A text setting of the configuration parameter only. */
    static Setting<String> text(String element, String key) {
        return text(element, key, a -> "");
    }

    /** An integer the annotation sets with an {@code attribute} other than {@link RedisHACluster#UNSET}. */
    static Setting<Integer> integer(String element, String key, Function<RedisHACluster, Integer> attribute) {
        return new Setting<>(element, key, a -> Optional.of(attribute.apply(a)).filter(v -> v != RedisHACluster.UNSET)
                .map(String::valueOf), Setting::parseInt, element + " must be an integer", SettingValue::value);
    }

    /** A duration ({@code 90s}, {@code 1m30s}, {@code PT3M}), positive. */
    static Setting<Duration> duration(String element, String key, Function<RedisHACluster, String> attribute,
            String problem) {
        return new Setting<>(element, key, nonEmpty(attribute), SettingParsers::parseDuration,
                problem, SettingValue::value);
    }

    /** {@code true} or {@code false}, of the configuration parameter only. */
    static Setting<Boolean> bool(String element, String key, String problem) {
        return new Setting<>(element, key, a -> Optional.empty(), Setting::parseBoolean, problem, SettingValue::value);
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}, of the configuration parameter only. */
    static Setting<Endpoint> endpoint(String element, String key, String problem) {
        return new Setting<>(element, key, a -> Optional.empty(), SettingParsers::parseEndpoint, problem,
                SettingValue::value);
    }

    /**
     * One of an enum's constants but {@code unset}, by name in any case ({@code on-success} too); the annotation sets
     * it with an {@code attribute} other than {@code unset}.
     */
    static <E extends Enum<E>> Setting<E> choice(String element, String key, Class<E> type,
            Function<RedisHACluster, E> attribute, E unset, String problem) {
        return new Setting<>(element, key, a -> Optional.of(attribute.apply(a)).filter(v -> v != unset).map(Enum::name),
                raw -> Arrays.stream(type.getEnumConstants()).filter(c -> c != unset
                        && c.name().equalsIgnoreCase(raw.replace('-', '_'))).findFirst(), problem, SettingValue::value);
    }

    /** This setting, valid only where {@code valid} holds; else it is told {@code problem}. */
    Setting<T> requiring(Predicate<T> valid, String problem) {
        return checkedBy(v -> {
            if (!valid.test(v.value())) {
                throw v.invalid(problem);
            }
            return v.value();
        });
    }

    /** This setting, checked (and perhaps completed) by {@code check}, which throws {@link SettingValue#invalid}. */
    Setting<T> checkedBy(Function<SettingValue<T>, T> check) {
        return new Setting<>(element, key, annotation, parser, parseProblem, check);
    }

    /** This setting, set by an annotation as {@code annotation} says (as text); for the booleans an annotation sets. */
    Setting<T> annotatedBy(Function<RedisHACluster, Optional<String>> annotation) {
        return new Setting<>(element, key, annotation, parser, parseProblem, check);
    }

    /**
     * The first annotation that sets it, else the configuration parameter (blank counts as unset), parsed and
     * checked; empty when nothing sets it.
     *
     * @param annotations the annotations that apply, most specific first (the element's, then its class's)
     * @param parameters JUnit configuration parameters (which fall back to system properties)
     */
    Optional<T> resolve(List<RedisHACluster> annotations, Function<String, Optional<String>> parameters) {
        for (RedisHACluster a : annotations) {
            Optional<String> set = annotation.apply(a);
            if (set.isPresent()) {
                return Optional.of(value(set.get(), false));
            }
        }
        return parameters.apply(key).filter(raw -> !raw.isBlank()).map(raw -> value(raw, true));
    }

    private T value(String raw, boolean fromParameter) {
        // a parameter's surrounding blanks are dropped; an annotation's value stands as written
        T parsed = parser.apply(fromParameter ? raw.trim() : raw)
                .orElseThrow(() -> new SettingValue<>(raw, element, key, fromParameter).invalid(parseProblem));
        return check.apply(new SettingValue<>(parsed, element, key, fromParameter));
    }

    /** What a text attribute sets: its value, unless it is the empty default. */
    private static Function<RedisHACluster, Optional<String>> nonEmpty(Function<RedisHACluster, String> attribute) {
        return a -> Optional.of(attribute.apply(a)).filter(v -> !v.isEmpty());
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
