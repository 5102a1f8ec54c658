package io.github.redishajunit.internal.settings;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A {@code @RedisHACluster} setting's value with where it came from (the annotation's {@code element}, or the
 * configuration parameter {@code key}), so that an invalid one says what to change: the one wording of every invalid
 * value. Numbers stand as written, anything else in quotes.
 */
record SettingValue<T>(T value, String element, String key, boolean fromParameter) {

    ExtensionConfigurationException invalid(String problem) {
        String quoted = value instanceof Number ? String.valueOf(value) : "\"" + value + "\"";
        String source = fromParameter
                ? "@RedisHACluster " + element + " from configuration parameter " + key + " = " + quoted
                : "@RedisHACluster(" + element + " = " + quoted + ")";
        return new ExtensionConfigurationException(source + " is invalid: " + problem);
    }
}
