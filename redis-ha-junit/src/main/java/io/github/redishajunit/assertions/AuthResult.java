package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the AUTH step observed.
 *
 * @param replies each endpoint tried without a password (a node, or the external endpoint), and what it answered
 *     to {@code PING}, e.g. {@code NOAUTH Authentication required.}
 * @param masterauth each node and how its {@code masterauth} compares with the password clients log in with:
 *     {@code matches}, {@code has no masterauth: ...}, {@code has a masterauth that differs ...} or {@code not
 *     checked (...)}; never a value
 * @param warning what holds today but not after a failover made by hand or by an operator: the master's own {@code
 *     masterauth} missing or different on a stack where nothing fails over on its own (no Sentinels)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record AuthResult(Map<String, String> replies, Map<String, String> masterauth, Optional<String> warning) {

    public AuthResult {
        replies = Map.copyOf(replies);
        masterauth = Map.copyOf(masterauth);
        Objects.requireNonNull(warning, "warning");
    }

    /** A result without a warning. */
    public AuthResult(Map<String, String> replies, Map<String, String> masterauth) {
        this(replies, masterauth, Optional.empty());
    }
}
