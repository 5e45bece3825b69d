package org.microconversions.interceptors.collect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.config.Settings.CollectSettings;
import org.microconversions.interceptors.config.Settings.ConsentMode;
import org.microconversions.interceptors.metrics.MetricNames;
import org.microconversions.interceptors.record.Recorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of the public collect endpoint, in the order they are cheapest to apply: enabled,
 * origin, media type, size, bots, consent, rate limit, then every field of every event. Accepted
 * events go through the same recorder, persistence, metrics and forwarding as server-side ones.
 */
@ApplicationScoped
public class Collector {

    static final String CONSENT_COOKIE = "mc_consent";

    @Inject
    Settings settings;

    @Inject
    Recorder recorder;

    @Inject
    MetricRegistry registry;

    private CollectSettings collect;
    private RateLimits limits;
    /** Ids seen recently: a retried beacon is answered as a duplicate without another write. */
    private Cache<UUID, Boolean> recent;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        collect = settings.collect();
        limits = new RateLimits(collect.perVisitor(), collect.perAddress());
        recent = Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofHours(1)).build();
    }

    /** @return whether the endpoint answers at all */
    public boolean enabled() {
        return settings.enabled() && collect.enabled();
    }

    /** @return the origins other than the shop's own that may post */
    public Set<String> allowedOrigins() {
        return collect.allowedOrigins();
    }

    /** @return the largest body read */
    public int maxRequestBytes() {
        return collect.maxRequestBytes();
    }

    /** @return the answer to a Content-Type the JAX-RS runtime cannot even parse, counted */
    CollectOutcome refuseMediaType() {
        return count(CollectOutcome.error(415, "media_type", "send application/json or text/plain"));
    }

    CollectOutcome collect(CollectRequest r) {
        return count(decide(r));
    }

    private CollectOutcome count(CollectOutcome outcome) {
        requests.computeIfAbsent(outcome.result(), k -> registry.counter(Metadata.builder()
                .withName(MetricNames.COLLECT_REQUESTS)
                .withDescription("Requests to the browser collect endpoint, by result").build(),
                new Tag(MetricNames.TAG_RESULT, k))).inc();
        return outcome;
    }

    private CollectOutcome decide(CollectRequest r) {
        if (!enabled()) {
            return CollectOutcome.error(404, "disabled", "the collect endpoint is not enabled");
        }
        if (r.origin() != null && !r.origin().equalsIgnoreCase(r.ownOrigin())
                && !collect.allowedOrigins().contains(r.origin())) {
            return CollectOutcome.error(403, "origin", "origin not allowed");
        }
        if (!acceptedMediaType(r.contentType())) {
            return CollectOutcome.error(415, "media_type", "send application/json or text/plain");
        }
        if (r.body().length > collect.maxRequestBytes()) {
            return CollectOutcome.error(413, "too_large",
                    "request larger than " + collect.maxRequestBytes() + " bytes");
        }
        if (collect.filterBots() && Bots.isBot(r.userAgent())) {
            return new CollectOutcome(202, "{\"accepted\":0,\"duplicates\":0}", "bot"); // counted, not stored
        }
        if (!consented(r.consentCookie())) {
            return CollectOutcome.error(403, "consent", "consent required");
        }
        if (!limits.tryAcquire(r.visitor().visitorId(), r.clientAddress())) {
            return CollectOutcome.error(429, "rate_limited", "too many requests; slow down");
        }
        List<MicroConversionEvent> events;
        try {
            events = BrowserEvents.parse(r.body(), collect, r.visitor(), r.gpc(), Instant.now());
        } catch (BrowserEvents.Invalid e) {
            return CollectOutcome.error(e.status, e.status == 413 ? "too_large" : "invalid", e.getMessage());
        }
        int accepted = 0;
        int duplicates = 0;
        for (MicroConversionEvent e : events) {
            if (recent.asMap().putIfAbsent(e.id(), Boolean.TRUE) != null) {
                duplicates++;
            } else {
                recorder.recordCollected(e);
                accepted++;
            }
        }
        return CollectOutcome.accepted(accepted, duplicates);
    }

    private boolean consented(String cookie) {
        ConsentMode mode = collect.consent();
        return switch (mode) {
            case OFF -> true;
            case REQUIRED -> "granted".equals(cookie);
            case IMPLIED -> !"denied".equals(cookie);
        };
    }

    private static boolean acceptedMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/plain");
    }
}
