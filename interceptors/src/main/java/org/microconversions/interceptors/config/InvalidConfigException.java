package org.microconversions.interceptors.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Configuration values the suite cannot start with. Each problem's message names its key; when
 * there are several, the message lists every one of them, one a line, so a single failed
 * deployment shows all that has to be fixed.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient List<InvalidConfigException> problems;

    private InvalidConfigException(String key, String message) {
        super(message);
        this.key = key;
        this.problems = List.of(this);
    }

    private InvalidConfigException(List<InvalidConfigException> problems) {
        super(problems.size() + " configuration problems:" + problems.stream().map(Throwable::getMessage)
                .collect(Collectors.joining("\n  ", "\n  ", "")));
        this.key = problems.get(0).key();
        this.problems = List.copyOf(problems);
    }

    /**
     * A bad or missing value.
     *
     * @param key    the offending key
     * @param shown  the value as it may appear in logs (mask secrets)
     * @param reason why it is wrong
     * @return {@code Invalid configuration <key>=<shown>: <reason>}
     */
    public static InvalidConfigException invalid(String key, String shown, String reason) {
        return new InvalidConfigException(key, "Invalid configuration " + key + "=" + shown + ": " + reason);
    }

    /**
     * @param key     the offending key
     * @param message the whole message, naming the key
     * @return the exception
     */
    public static InvalidConfigException of(String key, String message) {
        return new InvalidConfigException(key, message);
    }

    static InvalidConfigException unknown(List<String> keys) {
        return new InvalidConfigException(keys.get(0), "Unknown configuration " + String.join(", ", keys)
                + ": not a microconversions setting (misspelt?); see docs/configuration.md");
    }

    /** @return one problem as it is, several as one exception listing each */
    static InvalidConfigException all(List<InvalidConfigException> problems) {
        return problems.size() == 1 ? problems.get(0) : new InvalidConfigException(problems);
    }

    /** @return the offending config key: the first one's when there are several problems */
    public String key() {
        return key;
    }

    /** @return every problem, each naming its key; this one alone when it is a single problem */
    public List<InvalidConfigException> problems() {
        return problems;
    }

    /** @return the keys of every problem, in order */
    public List<String> keys() {
        return problems.stream().map(InvalidConfigException::key).toList();
    }
}
