package io.github.redishajunit.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A static {@code KubernetesClient} field of an integration test, set before its {@code @BeforeAll} methods to a
 * client for the cluster the extension will use ({@link ItCluster#client()}) and closed after its {@code @AfterAll}
 * methods.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ClusterClientExtension.class)
@interface ClusterClient {}
