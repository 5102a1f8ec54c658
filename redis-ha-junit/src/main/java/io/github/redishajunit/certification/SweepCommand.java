package io.github.redishajunit.certification;

import io.github.redishajunit.RedisHASweepService;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code certify --sweep}: deletes the namespaces this library created whose TTL has passed, and prints a line per
 * namespace it looked at. The sweep itself is the library's ({@link RedisHASweepService}, the same one a test run
 * starts with).
 */
final class SweepCommand {

    static final String DELETED = "deleted ";

    private SweepCommand() {}

    /**
     * @param parameters the command line's configuration parameters (kubeconfig, context); system properties count
     *     too, as for a test run
     * @return the exit code: 0 swept (whether or not anything had expired), 2 no cluster or the sweep failed
     */
    static int run(Map<String, String> parameters, PrintStream out, PrintStream err) {
        Optional<RedisHASweepService> service = ServiceLoader
                .load(RedisHASweepService.class, RedisHASweepService.class.getClassLoader())
                .findFirst();
        if (service.isEmpty()) {
            err.println("certify --sweep: no META-INF/services/" + RedisHASweepService.class.getName() + " on the"
                    + " classpath (a repackaged jar dropped it: keep META-INF/services entries when shading)");
            return 2;
        }
        out.println("Sweeping the namespaces labelled app.kubernetes.io/managed-by=redis-ha-junit whose TTL has passed");
        List<String> lines;
        try {
            lines = service.get().sweep(key -> Optional.ofNullable(parameters.get(key))
                    .or(() -> Optional.ofNullable(System.getProperty(key))));
        } catch (RuntimeException e) {
            err.println("certify --sweep: " + e.getMessage());
            return 2;
        }
        lines.forEach(line -> out.println("  " + line));
        long deleted = lines.stream().filter(line -> line.startsWith(DELETED)).count();
        out.println("sweep: " + deleted + " deleted, " + (lines.size() - deleted) + " kept");
        return 0;
    }
}
