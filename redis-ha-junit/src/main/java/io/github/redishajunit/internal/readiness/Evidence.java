package io.github.redishajunit.internal.readiness;

import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a failed stack looked like: pod table, recent events, log tails, {@code INFO replication}; and where it was
 * written.
 *
 * @param text the evidence as it goes into a message
 * @param file where it was written, if writing worked
 */
@API(status = API.Status.INTERNAL)
public record Evidence(String text, Optional<Path> file) {

    /** One line saying where the full evidence is, or nothing. */
    public String whereWritten() {
        return file.map(f -> "Evidence written to " + f.toAbsolutePath()).orElse("");
    }
}
