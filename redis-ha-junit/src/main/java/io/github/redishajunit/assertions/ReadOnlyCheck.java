package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldRejectWrites.shouldRejectWrites;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.ReplicationInfo;
import io.github.redishajunit.assertions.ReadOnlyResult.WriteRejection;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisReadOnlyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replicas are read-only: a SET on each replica must fail with {@code READONLY}. A replica that accepts it has
 * the key deleted again at once, so nothing diverges from the master.
 */
record ReadOnlyCheck(RedisTopology topology) {

    Verdict<ReadOnlyResult> run() {
        List<WriteRejection> rejections = new ArrayList<>();
        Map<String, String> offending = new LinkedHashMap<>();
        for (RedisNode replica : topology.replicas()) {
            try (TemporaryKey accepted = TemporaryKey.set(replica.connection().sync(),
                    TemporaryKey.uniqueName("read-only"), "1")) {
                ReplicationInfo info = replica.replication();
                offending.put(replica.describe(), "OK (the key was deleted again); it reports role:" + info.role()
                        + " slave_read_only:" + info.field("slave_read_only").orElse("?"));
            } catch (RedisReadOnlyException e) {
                rejections.add(new WriteRejection(replica.name(), replica.address(), e.getMessage()));
            } catch (RedisException e) {
                offending.put(replica.describe(), Errors.describe(e));
            }
        }
        ReadOnlyResult result = new ReadOnlyResult(rejections);
        if (offending.isEmpty()) {
            return Verdict.passed(result);
        }
        return Verdict.failed(result, shouldRejectWrites(topology.location(), topology.replicas().size(), offending));
    }
}
