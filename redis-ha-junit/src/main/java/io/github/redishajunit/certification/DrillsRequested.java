package io.github.redishajunit.certification;

import io.github.redishajunit.RedisHACluster;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link Drill} step only when {@value RedisHACluster#DRILLS_KEY} asks for its drill ({@code true}: the
 * default set, {@value DrillSelection#POD_DELETE}; or a list, e.g. {@code force-delete,restart-in-place}; {@code
 * scripts/certify --drills [LIST]}); otherwise the step is disabled and the stack is not touched.
 */
final class DrillsRequested implements ExecutionCondition {

    /** The tag of the disruptive steps; {@code scripts/certify} leaves out those not asked for. */
    static final String TAG = "drill";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> value = context.getConfigurationParameter(RedisHACluster.DRILLS_KEY);
        DrillSelection selection = selection(value.orElse(""));
        Optional<String> drill = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, Drill.class)).map(Drill::value);
        String given = RedisHACluster.DRILLS_KEY + " = " + value.map(String::trim).orElse("unset");
        if (selection.isEmpty()) {
            return ConditionEvaluationResult.disabled("drills not requested (set " + RedisHACluster.DRILLS_KEY
                    + "=true, or scripts/certify --drills, to delete pods under load; or name the drills, e.g. "
                    + RedisHACluster.DRILLS_KEY + "=" + DrillSelection.ALL + ")");
        }
        if (drill.isEmpty() || selection.includes(drill.get())) {
            return ConditionEvaluationResult.enabled(given + drill.map(name -> " asks for drill " + name).orElse(""));
        }
        return ConditionEvaluationResult.disabled("drill " + drill.get() + " not requested (" + given + " asks for "
                + String.join(", ", selection.drills()) + "; add " + drill.get() + " to the list, or scripts/certify"
                + " --drills " + selection.asList() + "," + drill.get() + ", to run it)");
    }

    private static DrillSelection selection(String value) {
        try {
            return DrillSelection.ofParameter(value);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + RedisHACluster.DRILLS_KEY + " = \"" + value.trim() + "\" is invalid: " + e.getMessage()
                    + " (fix: true for the default drills, false for none, or drill names separated by commas, e.g. "
                    + DrillSelection.FORCE_DELETE + "," + DrillSelection.RESTART_IN_PLACE + ")");
        }
    }
}
