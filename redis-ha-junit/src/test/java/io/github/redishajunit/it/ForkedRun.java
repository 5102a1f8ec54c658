package io.github.redishajunit.it;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code java -cp <test classpath> ...ForkedRun CLASS}: runs one fixture class through the JUnit Platform Launcher
 * in a JVM of its own, so that a test can kill it (OrphanSweepIT). {@code -Dredis.ha.*} system properties act as
 * configuration parameters, as under Maven.
 */
final class ForkedRun {

    private ForkedRun() {}

    public static void main(String[] args) throws ClassNotFoundException {
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])))
                .build();
        LauncherFactory.create().execute(request);
    }
}
