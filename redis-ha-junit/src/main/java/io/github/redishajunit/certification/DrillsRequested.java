package io.github.redishajunit.certification;

import io.github.redishajunit.RedisHACluster;
import java.util.Locale;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a disruptive step only when {@value RedisHACluster#DRILLS_KEY} is {@code true} ({@code scripts/certify
 * --drills}); otherwise the step is disabled and the stack is not touched.
 */
final class DrillsRequested implements ExecutionCondition {

    /** The tag of the disruptive steps; {@code scripts/certify} leaves them out unless {@code --drills}. */
    static final String TAG = "drill";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String value = context.getConfigurationParameter(RedisHACluster.DRILLS_KEY).orElse("false").trim();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> ConditionEvaluationResult.enabled(RedisHACluster.DRILLS_KEY + " = true");
            case "false", "" -> ConditionEvaluationResult.disabled("drills not requested (set "
                    + RedisHACluster.DRILLS_KEY + "=true, or scripts/certify --drills, to delete pods under load)");
            default -> throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + RedisHACluster.DRILLS_KEY + " = \"" + value + "\" is invalid: drills must be true or false"
                    + " (true deletes pods of the stack under write load after the read-only steps)");
        };
    }
}
