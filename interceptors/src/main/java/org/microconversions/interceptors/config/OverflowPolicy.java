package org.microconversions.interceptors.config;

import java.util.Locale;

/** What happens to a conversion when the in-memory buffer is full. */
public enum OverflowPolicy {
    /** The recording thread writes its own event to the store: nothing is lost, that call is slower. */
    PERSIST_INLINE,
    /** The event is dropped and counted in {@code microconversions_dropped_total{reason="buffer-full"}}. */
    DROP;

    /** @return the config spelling, e.g. {@code persist-inline} */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static OverflowPolicy parse(String value) {
        for (OverflowPolicy p : values()) {
            if (p.configValue().equals(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected one of persist-inline, drop");
    }
}
