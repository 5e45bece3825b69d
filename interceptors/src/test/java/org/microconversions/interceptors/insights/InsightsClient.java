package org.microconversions.interceptors.insights;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls {@link InsightsResource} as the JAX-RS runtime does, without a server: the query
 * parameters into its bean parameters, an {@link InsightsFailure} answered with its status and
 * reason as {@link InsightsFailureMapper} does, the entity written by JSON-B (Yasson, as Liberty's jsonb-3.0) and
 * read back as JSON. The real server is the storefront's Insights ITs.
 */
final class InsightsClient {

    private static final Jsonb JSONB = JsonbBuilder.create();

    /**
     * @param status HTTP status
     * @param json   body
     */
    record Reply(int status, JsonObject json) {
    }

    private final InsightsResource resource;

    InsightsClient(InsightsResource resource) {
        this.resource = resource;
    }

    Reply funnels() {
        return call(resource::funnels);
    }

    Reply funnel(String id, String from, String to, String source, String medium, String campaign,
            String experiment, String variant) {
        Segment s = new Segment();
        s.source = source;
        s.medium = medium;
        s.campaign = campaign;
        s.experiment = experiment;
        s.variant = variant;
        return call(() -> resource.funnel(id, period(from, to), s));
    }

    Reply channels(String from, String to) {
        return call(() -> resource.channels(period(from, to)));
    }

    Reply lift(String from, String to, String macro) {
        return call(() -> resource.lift(period(from, to), macro));
    }

    Reply experiments() {
        return call(resource::experiments);
    }

    Reply experiment(String id, String goal, String from, String to) {
        return call(() -> resource.experiment(id, goal, period(from, to)));
    }

    Reply experimentGoals(String id, List<String> goals, String from, String to) {
        return call(() -> resource.experimentGoals(id, goals, period(from, to)));
    }

    Reply timeseries(String name, String from, String to) {
        return call(() -> resource.timeseries(name, period(from, to)));
    }

    private static Period period(String from, String to) {
        Period p = new Period();
        p.from = from;
        p.to = to;
        return p;
    }

    private static Reply call(Supplier<Object> method) {
        int status;
        Object entity;
        try {
            entity = method.get();
            status = 200;
        } catch (InsightsFailure f) {
            status = f.status(); // what InsightsFailureMapper answers (a Response needs a JAX-RS runtime)
            entity = f.reason();
        }
        try (var reader = Json.createReader(new StringReader(JSONB.toJson(entity)))) {
            return new Reply(status, reader.readObject());
        }
    }
}
