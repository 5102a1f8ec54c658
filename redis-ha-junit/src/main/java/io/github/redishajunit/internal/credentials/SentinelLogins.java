package io.github.redishajunit.internal.credentials;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * The logins to try on a stack's Sentinels, in order: one when the Sentinels' password is known (an option, or what
 * their containers state as their own), else none first and then each password their containers or the data pods
 * carry. A Sentinel that refuses a login (NOAUTH, WRONGPASS) is tried with the next; the one that worked is tried
 * first on every later connection, so a stack pays for the search once.
 */
@API(status = API.Status.INTERNAL)
public final class SentinelLogins {

    private final List<StackCredentials.Login> logins;
    private final String lookedAt;
    private volatile int preferred;
    private volatile boolean settled;
    private volatile boolean accepted;

    /** {@code lookedAt}: where a password of the Sentinels' own was looked for, for a refusal's message. */
    SentinelLogins(List<StackCredentials.Login> logins, String lookedAt) {
        this.logins = List.copyOf(logins);
        this.lookedAt = lookedAt;
        this.settled = logins.size() == 1;
    }

    /** For progress lines: the login that worked, or those to be tried; never a password. */
    public String describe() {
        if (settled) {
            return logins.get(preferred).source();
        }
        return "to be tried in turn: " + String.join(", then ", logins.stream().map(StackCredentials.Login::source)
                .toList());
    }

    /**
     * A Sentinel connection to {@code endpoint} that answered PING with the first login it accepts. A login no Sentinel
     * has accepted yet is tried on a plain connection first: Lettuce logs every Sentinel connection that fails, a
     * refused login too, as a WARN with its exception, and a plain one not at all.
     */
    public StatefulRedisSentinelConnection<String, String> connect(RedisClient redis, ConnectionSettings base,
            Endpoint endpoint, String sentinel) {
        int first = preferred;
        List<String> refused = new ArrayList<>();
        for (int k = 0; k < logins.size(); k++) {
            int i = (first + k) % logins.size();
            StackCredentials.Login login = logins.get(i);
            ConnectionSettings settings = login.provider().map(base::withCredentials).orElse(base);
            StatefulRedisSentinelConnection<String, String> connection = null;
            try {
                if (!accepted || i != preferred) {
                    try (var plain = redis.connect(settings.uri(endpoint))) {
                        plain.sync().ping();
                    }
                }
                connection = redis.connectSentinel(settings.uri(endpoint));
                connection.sync().ping();
                preferred = i;
                settled = true;
                accepted = true;
                return connection;
            } catch (RedisException e) {
                if (connection != null) {
                    connection.closeAsync();
                }
                if (!refusesLogin(e)) {
                    throw e;
                }
                refused.add("password " + login.source() + ": " + firstLine(e));
            }
        }
        throw new RedisConnectionException("Sentinel " + sentinel + " refuses every login tried ("
                + String.join("; ", refused) + ")" + (lookedAt.isEmpty() ? "" : "; " + lookedAt)
                + " (fix: " + StackCredentials.SENTINEL_OPTIONS + ")");
    }

    /** Whether the server refused the login itself, not the connection or the command. */
    public static boolean refusesLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
            if (text.contains("NOAUTH") || text.contains("WRONGPASS") || text.contains("INVALID PASSWORD")
                    || text.contains("WITHOUT ANY PASSWORD CONFIGURED")
                    || text.contains("INVALID USERNAME-PASSWORD")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.contains("NOAUTH") || upper.contains("WRONGPASS") || upper.contains("PASSWORD")) {
                return text.lines().findFirst().orElse(text);
            }
        }
        return String.valueOf(e.getMessage());
    }
}
