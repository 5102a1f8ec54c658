package io.github.redishajunit.internal;

import io.github.redishajunit.RedisHACluster;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a {@code @RedisHACluster} setting comes from, in the one order that holds for all of them: an explicit
 * annotation value (the element's, then its class's) wins over the JUnit configuration parameter (which falls back to
 * the system property); nothing set leaves the built-in default to the caller. A value read is a {@link
 * SettingValue}, which knows how to say it is invalid.
 */
final class SettingSources {

    private final Function<String, Optional<String>> parameters;

    /** @param parameters JUnit configuration parameters (which fall back to system properties) */
    SettingSources(Function<String, Optional<String>> parameters) {
        this.parameters = parameters;
    }

    Optional<SettingValue<Integer>> intSetting(List<RedisHACluster> annotations, String element,
            Function<RedisHACluster, Integer> attribute, String key) {
        for (RedisHACluster a : annotations) {
            int value = attribute.apply(a);
            if (value != RedisHACluster.UNSET) {
                return Optional.of(new SettingValue<>(value, element, key, false));
            }
        }
        return parameter(key).map(raw -> {
            try {
                return new SettingValue<>(Integer.parseInt(raw.trim()), element, key, true);
            } catch (NumberFormatException e) {
                throw new SettingValue<>(raw, element, key, true).invalid(element + " must be an integer");
            }
        });
    }

    Optional<SettingValue<String>> stringSetting(List<RedisHACluster> annotations, String element,
            Function<RedisHACluster, String> attribute, String key) {
        for (RedisHACluster a : annotations) {
            String value = attribute.apply(a);
            if (!value.isEmpty()) {
                return Optional.of(new SettingValue<>(value, element, key, false));
            }
        }
        return parameter(key).map(raw -> new SettingValue<>(raw.trim(), element, key, true));
    }

    boolean booleanParameter(String key, String element, String problem, boolean defaultValue) {
        return parameter(key)
                .map(raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new SettingValue<>(raw, element, key, true).invalid(problem);
                })
                .orElse(defaultValue);
    }

    Optional<String> parameter(String key) {
        return parameters.apply(key).filter(v -> !v.isBlank());
    }
}
