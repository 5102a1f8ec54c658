package io.github.redishajunit.certification;

import io.github.redishajunit.drills.NodeOutage;
import java.util.List;
import java.util.Optional;
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
 * @param nodeOutage {@value RedisHACluster#NODE_OUTAGE_COMMAND_KEY}: how the node-loss drill takes a node away; empty
 *     when not given
 */
record CertificationSettings(boolean strict, Optional<NodeOutage> nodeOutage) {

    /** Resolves a {@link CertificationSettings} parameter of a certification step. */
    static final class Resolver implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CertificationSettings.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            String strict = context.getConfigurationParameter(RedisHACluster.STRICT_KEY).orElse("false").trim();
            Optional<NodeOutage> outage = context.getConfigurationParameter(RedisHACluster.NODE_OUTAGE_COMMAND_KEY)
                    .map(String::trim).filter(command -> !command.isEmpty())
                    .map(command -> NodeOutage.command(List.of(command.split("\\s+"))));
            return switch (strict.toLowerCase(Locale.ROOT)) {
                case "true" -> new CertificationSettings(true, outage);
                case "false", "" -> new CertificationSettings(false, outage);
                default -> throw new ExtensionConfigurationException("@RedisHACluster strict from configuration"
                        + " parameter " + RedisHACluster.STRICT_KEY + " = \"" + strict + "\" is invalid: strict must be"
                        + " true or false (true turns warnings into failures)");
            };
        }
    }
}
