package org.microconversions.interceptors.record;

import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.MicroConversions.PendingConversion;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Details added to a pending conversion from inside the annotated method. One thread only.
 * Each value is checked as it is set, so a value that cannot be stored fails the shop's call
 * that set it with an {@link IllegalArgumentException} naming the field, never later.
 */
final class Details implements PendingConversion {

    private final String name;
    BigDecimal value;
    String currency;
    String userId;
    Map<String, String> attributes;
    boolean cancelled;

    Details(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PendingConversion value(BigDecimal value, String currency) {
        this.value = MicroConversionEvent.checkValue(value, currency);
        this.currency = currency;
        return this;
    }

    @Override
    public PendingConversion attribute(String key, String value) {
        MicroConversionEvent.checkEntry("attributes", key, value);
        if (MicroConversionEvent.isReservedAttribute(key)) {
            throw new IllegalArgumentException(
                    "attributes key '" + key + "' is reserved: the suite records the visitor's"
                            + " consent and Global Privacy Control itself");
        }
        if (attributes == null) {
            attributes = new LinkedHashMap<>(4);
        }
        if (attributes.size() >= MicroConversionEvent.MAX_ENTRIES && !attributes.containsKey(key)) {
            throw new IllegalArgumentException("at most " + MicroConversionEvent.MAX_ENTRIES + " attributes");
        }
        attributes.put(key, value);
        return this;
    }

    @Override
    public PendingConversion userId(String userId) {
        this.userId = MicroConversionEvent.checkId("userId", userId);
        return this;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    void applyTo(MicroConversionEvent.Builder b) {
        if (value != null) {
            b.value(value, currency);
        }
        if (userId != null) {
            b.userId(userId);
        }
        if (attributes != null) {
            attributes.forEach(b::attribute);
        }
    }
}
