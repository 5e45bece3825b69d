package org.microconversions.interceptors.sink.ga4;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Consent;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.interceptors.json.JsonReader;
import org.microconversions.interceptors.json.JsonWriter;
import org.microconversions.interceptors.sink.Failures;
import org.microconversions.interceptors.sink.HttpClients;
import org.microconversions.interceptors.sink.HttpSink;
import org.microconversions.interceptors.sink.ga4.Ga4Mapper.Ga4Event;
import org.microconversions.interceptors.sink.ga4.Ga4Mapper.Mapped;
import org.microconversions.spi.DeliveryProgress;
import org.microconversions.spi.DeliveryResult;
import org.microconversions.spi.DeliveryResult.Failure;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forwards conversions to Google Analytics 4 with the Measurement Protocol. Off unless
 * {@code microconversions.sink.ga4.enabled=true}; see {@code docs/sinks.md}.
 *
 * <p>Each batch is checked against GA4's rules first: events that break one are dead-lettered
 * with the reason, the others are sent, grouped by visitor ({@code client_id} and
 * {@code user_id} are per request), at most 25 per request and under 130 kB. Each request has its
 * own outcome ({@link Failures}): 2xx delivers its events; 5xx, 429, 408, a timeout or an I/O
 * error retries them alone (not before {@code Retry-After}); 401, 403 and 404 hold the sink; any
 * other 4xx dead-letters them. After a failed request, the visitor's later requests are not sent,
 * and after a hold, a timeout, a connection failure or a {@code Retry-After} no further request is.
 */
@ApplicationScoped
public class Ga4Sink extends HttpSink<Ga4Config> {

    /** The sink's name: the {@code sink} metric label and outbox key. */
    public static final String NAME = "ga4";
    static final int MAX_EVENTS_PER_REQUEST = 25;
    /** GA4 wants a body smaller than 130 kB; stay below either reading of "kB". */
    static final int MAX_BODY_BYTES = 130_000;
    private static final Pattern EVENT_PATH = Pattern.compile("^events\\[(\\d{1,6})]");

    private Ga4Mapper mapper;

    /** For CDI. */
    public Ga4Sink() {
        super("GA4");
    }

    /**
     * A sink outside CDI, e.g. in tests or a shop's own wiring.
     *
     * @param config validated settings
     * @param clock  the clock the 72 h limit is checked against
     */
    public Ga4Sink(Ga4Config config, Clock clock) {
        this();
        configure(config, clock);
    }

    /** Takes the settings validated at deployment. */
    @Inject
    void init(Ga4Config config) {
        configure(config, Clock.systemUTC());
    }

    @Override
    protected void configure(Ga4Config config, Clock clock) {
        super.configure(config, clock);
        this.mapper = new Ga4Mapper(config.eventNames(), config.sendUserId());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxBatchSize() {
        return MAX_EVENTS_PER_REQUEST;
    }

    /** @return the GA4 event name a conversion name is sent as */
    public String eventName(String conversion) {
        return mapper.eventName(conversion);
    }

    /** Reports each request's accepted events as soon as GA4 answers it, so a kill resends one request at most. */
    @Override
    public DeliveryResult deliver(List<MicroConversionEvent> batch, DeliveryProgress progress)
            throws InterruptedException {
        requireEnabled();
        Instant now = clock().instant();
        Map<UUID, String> rejected = new LinkedHashMap<>();
        List<Ga4Event> valid = new ArrayList<>(batch.size());
        for (MicroConversionEvent e : batch) {
            Mapped m = mapper.map(e, now);
            if (m.rejection() != null) {
                rejected.put(e.id(), m.rejection());
            } else {
                valid.add(m.event());
            }
        }
        List<Request> requests = requests(valid, rejected);
        DeliveryResult.Builder result = DeliveryResult.builder();
        rejected.forEach((id, reason) -> result.fail(id, Failure.rejected(reason)));
        Set<String> stopped = new HashSet<>();
        Failure stopAll = null;
        for (Request r : requests) {
            List<UUID> ids = r.events().stream().map(Ga4Event::id).toList();
            String visitor = r.events().get(0).clientId();
            if (stopAll != null || stopped.contains(visitor)) {
                // an earlier request of this visitor failed (order), or GA4 is down, slow or refusing us
                result.fail(ids, Failure.notSent("not sent: " + (stopAll != null
                        ? stopAll.reason()
                        : "an earlier request of the visitor failed")));
                continue;
            }
            Map<UUID, String> invalid = new LinkedHashMap<>();
            Failure f = send(r, invalid);
            invalid.forEach((id, reason) -> result.fail(id, Failure.rejected(reason)));
            if (f == null && !progress.delivered(ids.stream().filter(id -> !invalid.containsKey(id)).toList())) {
                stopAll = Failure.notSent("this instance lost the sink's lease");
            }
            if (f != null) {
                result.fail(ids, f);
                stopped.add(visitor);
                if (Failures.stopsTheBatch(f)) {
                    stopAll = f;
                }
            }
        }
        return result.build();
    }

    /** One POST: events of one visitor (and user id), in recording order. */
    record Request(List<Ga4Event> events, String body) {
    }

    /**
     * Groups events by client and user id (in order of first appearance, each visitor's events in
     * recording order) and splits the groups at 25 events or 130 kB.
     */
    List<Request> requests(List<Ga4Event> events, Map<UUID, String> rejected) {
        Map<List<String>, List<Ga4Event>> groups = new LinkedHashMap<>();
        for (Ga4Event e : events) {
            // consent is request-level in the Measurement Protocol: one request per visitor and consent
            groups.computeIfAbsent(Arrays.asList(e.clientId(), e.userId(), e.consent().name()),
                    k -> new ArrayList<>()).add(e);
        }
        List<Request> out = new ArrayList<>();
        for (List<Ga4Event> group : groups.values()) {
            List<Ga4Event> chunk = new ArrayList<>();
            List<String> jsons = new ArrayList<>();
            int bytes = 0;
            // the group shares client id, user id and consent: every request of it has a head this long
            int headLength = head(group.get(0)).length();
            for (Ga4Event e : group) {
                String json = e.json();
                int size = json.getBytes(StandardCharsets.UTF_8).length + 1;
                if (!chunk.isEmpty() && (chunk.size() == MAX_EVENTS_PER_REQUEST
                        || headLength + bytes + size + 2 >= MAX_BODY_BYTES)) {
                    out.add(request(chunk, jsons));
                    chunk = new ArrayList<>();
                    jsons = new ArrayList<>();
                    bytes = 0;
                }
                if (headLength + size + 2 >= MAX_BODY_BYTES) {
                    rejected.put(e.id(), "larger than GA4's 130 kB request limit on its own");
                    continue;
                }
                chunk.add(e);
                jsons.add(json);
                bytes += size;
            }
            if (!chunk.isEmpty()) {
                out.add(request(chunk, jsons));
            }
        }
        return out;
    }

    private Request request(List<Ga4Event> chunk, List<String> jsons) {
        JsonWriter w = head(chunk.get(0));
        jsons.forEach(w::raw);
        return new Request(List.copyOf(chunk), w.endArray().endObject().toString());
    }

    /** The body up to the opening bracket of {@code events}, left open for the events. */
    private JsonWriter head(Ga4Event first) {
        JsonWriter w = JsonWriter.create(256).beginObject()
                .field("client_id", first.clientId())
                .optional("user_id", first.userId())
                .name("timestamp_micros").value(first.timestampMicros());
        // the visitor's own choice when known; the configured fields only when it is not
        String adUserData = first.consent() == Consent.UNKNOWN ? config().adUserData() : ga4(first.consent());
        String adPersonalization = first.consent() == Consent.UNKNOWN
                ? config().adPersonalization()
                : ga4(first.consent());
        if (adUserData != null || adPersonalization != null) {
            w.name("consent").beginObject()
                    .optional("ad_user_data", adUserData)
                    .optional("ad_personalization", adPersonalization)
                    .endObject();
        }
        return w.name("events").beginArray();
    }

    private static String ga4(Consent consent) {
        return consent == Consent.GRANTED ? "GRANTED" : "DENIED";
    }

    /**
     * Sends one request.
     *
     * @param invalid receives the events the debug endpoint's validation messages name
     * @return null when GA4 accepted the request, else what to do with all its events
     */
    private Failure send(Request r, Map<UUID, String> invalid) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(destination()).timeout(config().timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8)).build();
        // no URL in any reason: its query carries the API secret
        try {
            HttpClients.Answer answer = HttpClients.send(http(), request, config().validate() ? 1_000_000 : 500);
            if (answer.accepted()) {
                if (config().validate()) {
                    validationMessages(r, answer.body(), invalid);
                }
                return null;
            }
            return Failures.ofAnswer("GA4", answer.status(), answer.body(), answer.retryAfter(),
                    "microconversions.sink.ga4.endpoint, measurement-id and api-secret", clock());
        } catch (IOException e) {
            return Failures.ofException("GA4", e);
        } catch (IllegalArgumentException e) {
            return Failure.retry("io", "GA4 request failed: " + e.getClass().getSimpleName());
        }
    }

    /** Debug endpoint: every validation message dead-letters the event its field path names, or all. */
    private static void validationMessages(Request r, String text, Map<UUID, String> rejected) throws IOException {
        Object parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("GA4 debug endpoint answered something that is not JSON (retried)", e);
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("validationMessages") instanceof List<?> messages)) {
            throw new IOException("GA4 debug endpoint answered without validationMessages (retried)");
        }
        for (Object o : messages) {
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            String path = m.get("fieldPath") instanceof String s ? s : "";
            String reason = "GA4 validation: " + (m.get("description") instanceof String d ? d : "invalid")
                    + (m.get("validationCode") instanceof String c
                            ? " (" + c + (path.isEmpty() ? "" : " at " + path)
                                    + ")"
                            : "");
            Matcher at = EVENT_PATH.matcher(path);
            if (at.find() && Integer.parseInt(at.group(1)) < r.events().size()) {
                rejected.merge(r.events().get(Integer.parseInt(at.group(1))).id(), reason, (a, b) -> a + "; " + b);
            } else {
                r.events().forEach(e -> rejected.merge(e.id(), reason, (a, b) -> a + "; " + b));
            }
        }
    }
}
