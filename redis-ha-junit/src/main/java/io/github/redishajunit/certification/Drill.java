package io.github.redishajunit.certification;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A disruptive step of {@link RedisHACertification}: tagged {@value DrillsRequested#TAG}, and run only when the
 * drills asked for ({@code redis.ha.drills}, {@code scripts/certify --drills}) include {@link #value()}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(DrillsRequested.TAG)
@ExtendWith(DrillsRequested.class)
@interface Drill {

    /** The drill's name, one of {@link DrillSelection#DRILLS}, e.g. {@value DrillSelection#POD_DELETE}. */
    String value();
}
