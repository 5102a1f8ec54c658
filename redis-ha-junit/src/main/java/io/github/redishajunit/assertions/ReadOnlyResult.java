package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What the read-only step observed: each replica's reply to a SET.
 *
 * @param rejections one per replica, in topology order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ReadOnlyResult(List<WriteRejection> rejections) {

    public ReadOnlyResult {
        rejections = List.copyOf(rejections);
    }

    /** A replica's error reply to a SET, e.g. {@code READONLY You can't write against a read only replica.} */
    public record WriteRejection(String node, Endpoint endpoint, String reply) {}
}
