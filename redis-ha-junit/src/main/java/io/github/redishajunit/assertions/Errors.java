package io.github.redishajunit.assertions;

/** Exceptions worded for failure messages. */
final class Errors {

    private Errors() {}

    /** {@code SimpleName: message}, plus the root cause's message when it says more (e.g. Connection refused). */
    public static String describe(Throwable error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getMessage() + ")";
        }
        return text;
    }
}
