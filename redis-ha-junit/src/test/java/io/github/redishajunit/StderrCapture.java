package io.github.redishajunit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test's code printed on {@code System.err} (where slf4j-simple writes and third-party loggers print their
 * warnings and stack traces), for tests that assert nothing reached the console: {@code @RegisterExtension}.
 */
public final class StderrCapture implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream console;

    @Override
    public void beforeEach(ExtensionContext context) {
        console = System.err;
        captured.reset();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(console);
    }

    /** What was printed on stderr since the test started. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }
}
