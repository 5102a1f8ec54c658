package io.github.redishajunit.internal.credentials;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import reactor.core.publisher.Mono;

/**
 * The data pods' logins, most likely first, as {@link StackCredentials} found them. A password found in a pod's
 * spec is not proof that the server uses it (a chart's configuration may carry a placeholder its start script
 * replaces), so when a server refuses the login in use, {@link #settle} tries each in turn on that server and keeps
 * the first it accepts. Every connection reads the login in use through {@link #provider()}, so the handles, checks
 * and drills all follow the one that worked.
 */
@API(status = API.Status.INTERNAL)
public final class DataLogins {

    private final List<StackCredentials.Login> logins;
    private volatile int inUse;
    private volatile boolean settled;
    private final List<String> refused = new ArrayList<>();

    /** {@code logins}: at least one (a login with no provider when no password was found). */
    DataLogins(List<StackCredentials.Login> logins) {
        if (logins.isEmpty()) {
            throw new IllegalArgumentException("at least one login is needed");
        }
        this.logins = List.copyOf(logins);
    }

    StackCredentials.Login first() {
        return logins.get(0);
    }

    /**
     * The credentials of the login in use, read at each connection; empty when the first login has none (no password
     * was found, and the servers are expected to need none).
     */
    public Optional<RedisCredentialsProvider> provider() {
        if (first().provider().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RedisCredentialsProvider() {
            @Override
            public Mono<RedisCredentials> resolveCredentials() {
                return logins.get(inUse).provider().orElseThrow().resolveCredentials();
            }
        });
    }

    /** Where the login in use was found, and the ones a server refused before it; never a password. */
    public synchronized String describe() {
        String source = logins.get(inUse).source();
        if (refused.isEmpty() || logins.size() == 1) {
            return source;
        }
        return settled ? source + " (after the server refused " + String.join("; ", refused) + ")"
                : "each of the " + logins.size() + " found, all refused: " + String.join("; ", refused);
    }

    /**
     * Called when a server refused the login in use: tries every login on it, from the first, and keeps the first it
     * accepts. Once one was accepted, later refusals (the other pods racing to the same answer) try nothing.
     *
     * @param accepts whether the server accepts a login (a fresh connection's PING); throws when it cannot tell
     * @return whether a login was accepted
     */
    public synchronized boolean settle(Predicate<StackCredentials.Login> accepts) {
        if (settled) {
            return true;
        }
        refused.clear();
        for (int i = 0; i < logins.size(); i++) {
            if (accepts.test(logins.get(i))) {
                inUse = i;
                settled = true;
                return true;
            }
            refused.add(logins.get(i).source());
        }
        return false;
    }

    int size() {
        return logins.size();
    }
}
