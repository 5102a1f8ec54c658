package io.github.redishajunit.certification;

import io.github.redishajunit.RedisHACluster;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * How the certification judges what it finds, from the configuration parameters.
 *
 * @param strict {@value RedisHACluster#STRICT_KEY}: warnings fail their step
 */
record CertificationSettings(boolean strict) {

    /** Resolves a {@link CertificationSettings} parameter of a certification step. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CertificationSettings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            String strict = context.getConfigurationParameter(RedisHACluster.STRICT_KEY).orElse("false").trim();
            return switch (strict.toLowerCase(Locale.ROOT)) {
                case "true" -> new CertificationSettings(true);
                case "false", "" -> new CertificationSettings(false);
                default -> throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                        + RedisHACluster.STRICT_KEY + " = \"" + strict + "\" is invalid: strict must be true or false"
                        + " (true turns warnings into failures)");
            };
        }
    }
}
