package io.github.redishajunit.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/** Sets the {@link ClusterClient} fields of a test class; the client lives in the class's store, which closes it. */
final class ClusterClientExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ClusterClientExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Field field : AnnotationSupport.findAnnotatedFields(context.getRequiredTestClass(), ClusterClient.class,
                f -> true, HierarchyTraversalMode.TOP_DOWN)) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != KubernetesClient.class) {
                throw new ExtensionConfigurationException("@ClusterClient field " + field + " must be a static"
                        + " KubernetesClient (fix: declare it `@ClusterClient static KubernetesClient client;`)");
            }
            field.setAccessible(true);
            field.set(null, context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(Client.class, key -> new Client(ItCluster.client()), Client.class).client());
        }
    }

    /** The store closes what it holds at the end of the class: the client with it. */
    private record Client(KubernetesClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }
}
