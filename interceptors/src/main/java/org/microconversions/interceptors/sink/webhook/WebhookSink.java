package org.microconversions.interceptors.sink.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.ConversionSink;
import org.microconversions.spi.DeliveryResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * POSTs each conversion to a URL as a Standard Webhooks message: headers {@code webhook-id}
 * (the event id), {@code webhook-timestamp} and {@code webhook-signature}. Off unless
 * {@code microconversions.sink.webhook.enabled=true}; see {@code docs/sinks.md}.
 *
 * <p>One message per conversion, sent one after the other in recording order. 2xx: delivered.
 * 429, 408, 5xx, other non-4xx answers, timeouts and I/O errors throw, so the outbox retries the
 * batch (messages of the batch already acknowledged are sent again: receivers de-duplicate on
 * {@code webhook-id}). Any other 4xx dead-letters that conversion and the next one is sent.
 */
@ApplicationScoped
public class WebhookSink implements ConversionSink {

    /** The sink's name: the {@code sink} metric label and outbox key. */
    public static final String NAME = "webhook";

    private WebhookConfig config;
    private HttpClient http;
    private Clock clock;

    /** For CDI. */
    public WebhookSink() {
    }

    /**
     * A sink outside CDI, e.g. in tests or a shop's own wiring.
     *
     * @param config validated settings
     * @param clock  the clock {@code webhook-timestamp} is read from
     */
    public WebhookSink(WebhookConfig config, Clock clock) {
        init(config, clock);
    }

    @PostConstruct
    void init() {
        init(WebhookConfig.from(ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader())),
                Clock.systemUTC());
    }

    private void init(WebhookConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (config.enabled()) {
            this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                    .version("http".equalsIgnoreCase(config.url().getScheme()) ? HttpClient.Version.HTTP_1_1
                            : HttpClient.Version.HTTP_2)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public int maxBatchSize() {
        return config.batchSize();
    }

    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch) throws IOException, InterruptedException {
        if (!config.enabled()) {
            throw new IllegalStateException("webhook sink is not enabled");
        }
        Map<UUID, String> rejected = new LinkedHashMap<>();
        for (MicroConversionEvent e : batch) {
            String reason = send(e);
            if (reason != null) {
                rejected.put(e.id(), reason);
            }
        }
        return DeliveryResult.rejected(rejected);
    }

    /** @return null when delivered, the reason when rejected for good; throws when worth retrying */
    private String send(MicroConversionEvent e) throws IOException, InterruptedException {
        String id = e.id().toString();
        String body = WebhookPayload.json(e);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(config.secrets(), id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip();
        }
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status < 400 || status == 408 || status == 429 || status >= 500) {
            throw new IOException("webhook answered " + status + " for " + id + " (retried)");
        }
        return "webhook answered " + status + (text.isEmpty() ? "" : ": " + text);
    }
}
