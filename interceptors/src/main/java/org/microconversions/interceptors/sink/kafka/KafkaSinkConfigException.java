package org.microconversions.interceptors.sink.kafka;

/** A {@code microconversions.sink.kafka.*} value the suite cannot start with. The message names the key. */
public final class KafkaSinkConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    KafkaSinkConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    static KafkaSinkConfigException invalid(String key, String value, String reason) {
        return new KafkaSinkConfigException(key, "Invalid configuration " + key + "=" + value + ": " + reason);
    }

    /** @return the offending config key */
    public String key() {
        return key;
    }
}
