package io.github.redishajunit.assertions;

import java.util.Map;

/**
 * What the AUTH step observed.
 *
 * @param replies each endpoint tried without a password (a node, or the external endpoint), and what it answered
 *     to {@code PING}, e.g. {@code NOAUTH Authentication required.}
 */
public record AuthResult(Map<String, String> replies) {

    public AuthResult {
        replies = Map.copyOf(replies);
    }
}
