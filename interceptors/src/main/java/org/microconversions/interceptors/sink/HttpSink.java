package org.microconversions.interceptors.sink;

import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryProgress;
import org.microconversions.spi.DeliveryResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the HTTP sinks (GA4, Standard Webhooks) share: their settings, validated at deployment and
 * handed over by the subclass's CDI initializer (or its constructor outside CDI), the clock, and an
 * HTTP client, opened only while the sink is on. No method is final: the sinks are normal-scoped
 * beans, and Weld proxies every public method.
 *
 * @param <C> the sink's settings
 */
public abstract class HttpSink<C extends HttpSink.Settings> implements ConversionSink {

    /** What an HTTP sink's settings say about where and how long it sends. */
    public interface Settings {
        /** @return whether the sink is on */
        boolean enabled();

        /** @return where the requests go (asked only while on) */
        URI destination();

        /** @return the longest a connection or a request may take */
        Duration timeout();
    }

    private final String label;
    private C config;
    private Clock clock;
    private URI destination;
    private HttpClient http;

    /** @param label how errors name the sink, e.g. {@code GA4} */
    protected HttpSink(String label) {
        this.label = label;
    }

    /** Takes the settings and the clock; opens the client when the sink is on. */
    protected void configure(C config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        boolean on = config.enabled();
        this.destination = on ? config.destination() : null;
        this.http = on ? HttpClients.to(destination, config.timeout()) : null;
    }

    /** @return the settings */
    protected C config() {
        return config;
    }

    /** The outbox never hands a batch to a sink that is off; a caller that does is told. */
    protected void requireEnabled() {
        if (!config.enabled()) {
            throw new IllegalStateException(label + " sink is not enabled");
        }
    }

    /** @return the clock */
    protected Clock clock() {
        return clock;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    /** @return where the requests go, asked of the settings once; null while the sink is off */
    protected URI destination() {
        return destination;
    }

    /** @return the client; null while the sink is off */
    protected HttpClient http() {
        return http;
    }

    /** Without a listener: as {@link #deliver(List, DeliveryProgress)} with {@link DeliveryProgress#NONE}. */
    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch) throws InterruptedException {
        return deliver(batch, DeliveryProgress.NONE);
    }

    /** Delivers and reports each request's accepted conversions as the destination answers it. */
    @Override
    public abstract DeliveryResult deliver(List<MicroConversionEvent> batch, DeliveryProgress progress)
            throws InterruptedException;
}
