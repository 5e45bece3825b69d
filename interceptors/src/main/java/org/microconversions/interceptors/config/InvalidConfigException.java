package org.microconversions.interceptors.config;

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

    static InvalidConfigException unknown(java.util.List<String> keys) {
        return new InvalidConfigException(keys.get(0), "Unknown configuration " + String.join(", ", keys)
                + ": not a microconversions setting (misspelt?); see docs/configuration.md");
    }

    /** @return the offending config key */
    public String key() {
        return key;
    }
}
