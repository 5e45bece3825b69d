package org.microconversions.interceptors.sink.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.sink.Failures;
import org.microconversions.interceptors.sink.HttpClients;
import org.microconversions.interceptors.sink.HttpSink;
import org.microconversions.spi.DeliveryProgress;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * POSTs each conversion to a URL as a Standard Webhooks message: headers {@code webhook-id}
 * (the event id), {@code webhook-timestamp} and {@code webhook-signature}. Off unless
 * {@code microconversions.sink.webhook.enabled=true}; see {@code docs/sinks.md}.
 *
 * <p>One message per conversion, sent one after the other in recording order, each with its own
 * outcome ({@link Failures}): 2xx delivered; 429, 408, 5xx, timeouts and I/O errors retried alone
 * (not before {@code Retry-After}); 401, 403, 404 and redirects hold the sink; any other 4xx
 * dead-letters that conversion. After a failed message the visitor's later ones are not sent, and
 * after a hold, a timeout, a connection failure or a {@code Retry-After} no further message is.
 */
@ApplicationScoped
public class WebhookSink extends HttpSink<WebhookConfig> {

    /** The sink's name: the {@code sink} metric label and outbox key. */
    public static final String NAME = "webhook";

    /** For CDI. */
    public WebhookSink() {
        super("webhook");
    }

    /**
     * A sink outside CDI, e.g. in tests or a shop's own wiring.
     *
     * @param config validated settings
     * @param clock  the clock {@code webhook-timestamp} is read from
     */
    public WebhookSink(WebhookConfig config, Clock clock) {
        this();
        configure(config, clock);
    }

    /** Takes the settings validated at deployment. */
    @Inject
    void init(WebhookConfig config) {
        configure(config, Clock.systemUTC());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxBatchSize() {
        return config().batchSize();
    }

    /** Reports each message as soon as the endpoint accepts it, so a kill resends one message at most. */
    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch, DeliveryProgress progress)
            throws InterruptedException {
        requireEnabled();
        DeliveryResult.Builder result = DeliveryResult.builder();
        Set<String> stopped = new HashSet<>();
        Failure stopAll = null;
        for (MicroConversionEvent e : batch) {
            if (stopAll != null || (e.visitorId() != null && stopped.contains(e.visitorId()))) {
                result.fail(e.id(), Failure.notSent("not sent: " + (stopAll != null
                        ? stopAll.reason()
                        : "an earlier message of the visitor failed")));
                continue;
            }
            Failure f = send(e);
            if (f == null && !progress.delivered(List.of(e.id()))) {
                stopAll = Failure.notSent("this instance lost the sink's lease");
            }
            if (f != null) {
                result.fail(e.id(), f);
                if (f.kind() != Failure.Kind.REJECTED && e.visitorId() != null) {
                    stopped.add(e.visitorId());
                }
                if (Failures.stopsTheBatch(f)) {
                    stopAll = f;
                }
            }
        }
        return result.build();
    }

    /** @return null when delivered, else what to do with the conversion */
    private Failure send(MicroConversionEvent e) throws InterruptedException {
        String id = e.id().toString();
        String body = WebhookPayload.json(e);
        long timestamp = clock().instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(destination()).timeout(config().timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(config().secrets(), id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        // no URL in any reason: its query may carry a token
        try {
            HttpClients.Answer answer = HttpClients.send(http(), request, 300);
            if (answer.accepted()) {
                return null;
            }
            return Failures.ofAnswer("webhook", answer.status(), answer.body(), answer.retryAfter(),
                    "microconversions.sink.webhook.url and secret", clock());
        } catch (IOException ex) {
            return Failures.ofException("webhook", ex);
        }
    }
}
