package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.description.Description;
import org.assertj.core.error.DescriptionFormatter;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.Representation;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * A runbook failure worded like AssertJ's: {@code Expecting Redis HA cluster in <location> / <expectation> /
 * but <observation>}. Subclasses, one per kind of failure, only word the expectation and the observation; the
 * text is not passed through a {@link Representation}, so node names and log lines are printed verbatim.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public abstract class RedisHAErrorMessageFactory implements ErrorMessageFactory {

    private final String location;
    private final String expectation;
    private final String observation;

    protected RedisHAErrorMessageFactory(String location, String expectation, String observation) {
        this.location = location;
        this.expectation = expectation;
        this.observation = observation;
    }

    @Override
    public String create(Description description, Representation representation) {
        return DescriptionFormatter.instance().format(description) + "\nExpecting Redis HA cluster in " + location
                + "\n" + expectation + "\nbut " + observation;
    }

    @Override
    public String create(Description description) {
        return create(description, StandardRepresentation.STANDARD_REPRESENTATION);
    }

    @Override
    public String create() {
        return create(Description.emptyIfNull(null));
    }

    @Override
    public String toString() {
        return create();
    }

    /** {@code name (address)}, or just the name when it is the address ({@link RedisNode#describe(String, Endpoint)}). */
    protected static String node(String name, Endpoint address) {
        return RedisNode.describe(name, address);
    }

    /** The named INFO fields the node reported, two spaces apart, four to a line, each line indented. */
    protected static String fields(Map<String, String> info, String... names) {
        List<String> present = new ArrayList<>();
        for (String name : names) {
            if (info.containsKey(name)) {
                present.add(name + ":" + info.get(name));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < present.size(); i++) {
            text.append(i % 4 == 0 ? (i == 0 ? "  " : "\n  ") : "  ").append(present.get(i));
        }
        return text.length() == 0 ? "  (no INFO replication fields)" : text.toString();
    }

    /** {@code within PT15S, a sync being in progress}, or nothing when nothing was waited for. */
    protected static String within(Duration waited) {
        return waited == null ? "" : " within " + waited + ", a sync being in progress";
    }

    protected static String indent(List<String> lines) {
        return "  " + String.join("\n  ", lines);
    }
}
