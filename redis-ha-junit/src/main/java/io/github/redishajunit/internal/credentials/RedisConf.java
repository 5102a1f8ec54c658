package io.github.redishajunit.internal.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directives of a {@code redis.conf}, a {@code sentinel.conf} or an ACL file that say a password: {@code
 * requirepass}, {@code masterauth}, {@code aclfile}, {@code include}, {@code user NAME ... >password}, {@code
 * sentinel auth-pass MASTER password} and {@code sentinel sentinel-pass password}. Arguments are split as Redis
 * splits them (double quotes with escapes, single quotes); a hashed ACL password ({@code #<sha256>}) is not a
 * password anyone can log in with and is reported as such.
 */
record RedisConf(List<List<String>> directives) {

    RedisConf {
        directives = List.copyOf(directives);
    }

    static RedisConf parse(String text) {
        List<List<String>> directives = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = split(trimmed);
            if (!words.isEmpty()) {
                directives.add(words);
            }
        }
        return new RedisConf(directives);
    }

    /** Whether this is a Sentinel's configuration: it has {@code sentinel ...} directives. */
    boolean isSentinel() {
        return directives.stream().anyMatch(d -> "sentinel".equalsIgnoreCase(d.get(0)) && d.size() > 1);
    }

    /** {@code requirepass} (the last one wins, as in Redis). */
    Optional<String> requirepass() {
        return last("requirepass", 1);
    }

    Optional<String> masterauth() {
        return last("masterauth", 1);
    }

    Optional<String> aclfile() {
        return last("aclfile", 1);
    }

    List<String> includes() {
        return directives.stream().filter(d -> d.size() == 2 && "include".equalsIgnoreCase(d.get(0)))
                .map(d -> d.get(1)).toList();
    }

    /** {@code sentinel auth-pass <master> <password>}, for any master name. */
    Optional<String> sentinelAuthPass() {
        return directives.stream()
                .filter(d -> d.size() == 4 && "sentinel".equalsIgnoreCase(d.get(0))
                        && "auth-pass".equalsIgnoreCase(d.get(1)))
                .map(d -> d.get(3)).reduce((first, second) -> second);
    }

    /** {@code sentinel sentinel-pass <password>}: what Sentinels log in to each other with. */
    Optional<String> sentinelPass() {
        return directives.stream()
                .filter(d -> d.size() == 3 && "sentinel".equalsIgnoreCase(d.get(0))
                        && "sentinel-pass".equalsIgnoreCase(d.get(1)))
                .map(d -> d.get(2)).reduce((first, second) -> second);
    }

    /** A {@code user} rule's first plain password ({@code >pw}), empty when it has none. */
    Optional<AclUser> user(String name) {
        return directives.stream()
                .filter(d -> d.size() >= 2 && "user".equalsIgnoreCase(d.get(0)) && d.get(1).equals(name))
                .reduce((first, second) -> second)
                .map(d -> {
                    List<String> rules = d.subList(2, d.size());
                    boolean on = rules.stream().anyMatch("on"::equalsIgnoreCase)
                            && rules.lastIndexOf("off") < rules.lastIndexOf("on");
                    Optional<String> password = rules.stream().filter(r -> r.startsWith(">")).map(r -> r.substring(1))
                            .findFirst();
                    boolean hashed = rules.stream().anyMatch(r -> r.startsWith("#"));
                    boolean nopass = rules.stream().anyMatch("nopass"::equalsIgnoreCase);
                    return new AclUser(name, on, password, hashed, nopass);
                });
    }

    /** The names of the users defined, for messages. */
    List<String> users() {
        return directives.stream().filter(d -> d.size() >= 2 && "user".equalsIgnoreCase(d.get(0)))
                .map(d -> d.get(1)).distinct().toList();
    }

    /**
     * An ACL user as a {@code user} line defines it.
     *
     * @param hashed the user has a {@code #<sha256>} password, which cannot be logged in with
     */
    record AclUser(String name, boolean on, Optional<String> password, boolean hashed, boolean nopass) {}

    /** A one-argument directive ({@code tls-port 6379}), the last one winning as in Redis. */
    Optional<String> value(String name) {
        return last(name, 1);
    }

    private Optional<String> last(String name, int arguments) {
        return directives.stream()
                .filter(d -> d.size() == arguments + 1 && name.equalsIgnoreCase(d.get(0)))
                .map(d -> d.get(1)).reduce((first, second) -> second);
    }

    /** Splits a line as Redis's {@code sdssplitargs} does: quotes group, {@code \"} escapes in double quotes. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= line.length()) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = line.charAt(i) == '"' || line.charAt(i) == '\'' ? line.charAt(i) : 0;
            if (quote != 0) {
                i++;
                while (i < line.length() && line.charAt(i) != quote) {
                    if (quote == '"' && line.charAt(i) == '\\' && i + 1 < line.length()) {
                        i++;
                    }
                    word.append(line.charAt(i++));
                }
                i++;
            } else {
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    word.append(line.charAt(i++));
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}
