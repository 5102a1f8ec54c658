package io.github.redishajunit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code name:value} fields of an {@code INFO} reply, of any section. */
final class InfoFields {

    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

    private InfoFields() {}

    /**
     * Lines split on CRLF or LF, blank lines and {@code #} headers skipped, each line split on its first {@code :}
     * only (values may hold IPv6 addresses).
     */
    public static Map<String, String> parse(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : LINE_BREAK.split(info)) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#") || colon < 1) {
                continue;
            }
            fields.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return Collections.unmodifiableMap(fields);
    }
}
