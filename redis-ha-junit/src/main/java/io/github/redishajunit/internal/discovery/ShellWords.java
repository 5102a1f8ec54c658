package io.github.redishajunit.internal.discovery;

import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A container's command line as words: {@code command} then {@code args}, each argument that holds a script ({@code
 * sh -c "..."}) split as a shell splits it, enough to read options such as {@code --requirepass VALUE}.
 */
@API(status = API.Status.INTERNAL)
public final class ShellWords {

    private ShellWords() {}

    public static List<String> commandLine(Container container) {
        List<String> words = new ArrayList<>();
        Stream.concat(Optional.ofNullable(container.getCommand()).orElse(List.of()).stream(),
                        Optional.ofNullable(container.getArgs()).orElse(List.of()).stream())
                .forEach(arg -> words.addAll(arg.chars().anyMatch(Character::isWhitespace) ? split(arg)
                        : List.of(arg)));
        return words;
    }

    /**
     * A script's words as a shell splits them, enough to read options: quotes are removed, and a {@code $(...)} or
     * {@code `...`} stays one word with what it holds (so {@code "$(cat "$F")"} is the word {@code $(cat "$F")}).
     */
    static List<String> split(String script) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int depth = 0;
        boolean backtick = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (depth > 0 || backtick) {
                word.append(c);
                if (backtick && c == '`') {
                    backtick = false;
                } else if (c == '(' && depth > 0) {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                }
            } else if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(' && quote != '\'') {
                word.append("$(");
                i++;
                depth = 1;
                inWord = true;
            } else if (c == '`' && quote != '\'') {
                word.append(c);
                backtick = true;
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
