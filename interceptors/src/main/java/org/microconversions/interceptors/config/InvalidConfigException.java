package org.microconversions.interceptors.config;

import java.util.List;

/** A configuration value the suite cannot start with. The message names the key. */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidConfigException(String key, String value, String reason) {
        this(key, "Invalid configuration " + key + "=" + value + ": " + reason);
    }

    private InvalidConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * For code that validates its own reserved sub-tree (sinks): a bad or missing value.
     *
     * @param key    the offending key
     * @param shown  the value as it may appear in logs (mask secrets)
     * @param reason why it is wrong
     * @return the exception to throw
     */
    public static InvalidConfigException invalid(String key, String shown, String reason) {
        return new InvalidConfigException(key, shown, reason);
    }

    static InvalidConfigException unknown(List<String> keys) {
        return new InvalidConfigException(keys.get(0), "Unknown configuration " + String.join(", ", keys)
                + ": not a microconversions setting (misspelt?); see docs/configuration.md");
    }

    /** @return the offending config key */
    public String key() {
        return key;
    }
}
