package org.microconversions.interceptors.sink;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The enabled {@link ConversionSink}s, found once at startup. Their names are the keys of the
 * outbox rows written with every conversion.
 */
@ApplicationScoped
public class Sinks {

    @Inject
    @Any
    Instance<ConversionSink> all;

    private List<ConversionSink> enabled;
    private List<String> names;
    private List<String> firstParty;

    @PostConstruct
    void find() {
        enabled = all.stream().filter(ConversionSink::enabled).toList();
        Set<String> seen = new HashSet<>();
        for (ConversionSink s : enabled) {
            if (!MicroConversionEvent.isValidName(s.name())) {
                throw new IllegalStateException("Sink " + s.getClass().getName() + " has an invalid name '" + s.name()
                        + "': use lowercase [a-z][a-z0-9_-]*, at most 40 characters");
            }
            if (!seen.add(s.name())) {
                throw new IllegalStateException("Two enabled sinks are named '" + s.name() + "'");
            }
            if (s.maxBatchSize() < 1) {
                throw new IllegalStateException("Sink " + s.name() + " has maxBatchSize " + s.maxBatchSize());
            }
        }
        names = enabled.stream().map(ConversionSink::name).toList();
        firstParty = enabled.stream().filter(s -> !s.thirdParty()).map(ConversionSink::name).toList();
    }

    /**
     * @param event a conversion about to be persisted
     * @return the sinks that will owe it: not third parties when the visitor sent Global Privacy Control
     */
    public List<String> owing(MicroConversionEvent event) {
        return event.gpc() ? firstParty : names;
    }

    /** @return the enabled sinks */
    public List<ConversionSink> enabled() {
        return enabled;
    }

    /** @return the enabled sinks' names */
    public List<String> names() {
        return names;
    }
}
