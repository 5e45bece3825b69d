package org.microconversions.spi;

import org.microconversions.api.MicroConversionEvent;

import java.util.List;

/**
 * A destination that persisted conversions are forwarded to (an analytics service, a webhook,
 * a message broker). Implement it as an {@code @ApplicationScoped} CDI bean in the shop:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class OptimizelySink implements ConversionSink {
 *     public String name() { return "optimizely"; }
 *     public void accept(List<MicroConversionEvent> batch) throws Exception { ... }
 * }
 * }</pre>
 *
 * <p>Called off the request thread, after the batch is persisted, with events in the order
 * they were recorded. A sink must tolerate seeing an event twice (de-duplicate on
 * {@link MicroConversionEvent#id()}). An exception marks the batch as failed for this sink; it
 * is logged and counted in {@code microconversions_sink_failures_total{sink=name()}}.
 *
 * @since 0.1
 */
public interface ConversionSink {

    /**
     * @return a short stable name, used as the {@code sink} metric label: {@code [a-z][a-z0-9_-]*}
     */
    String name();

    /**
     * Forwards a batch.
     *
     * @param batch persisted events, oldest first, never empty
     * @throws Exception if the batch could not be delivered
     */
    void accept(List<MicroConversionEvent> batch) throws Exception;
}
