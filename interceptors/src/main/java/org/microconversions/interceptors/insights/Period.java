package org.microconversions.interceptors.insights;

import jakarta.ws.rs.QueryParam;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code from} and {@code to} query parameters of every report: {@code yyyy-MM-dd} (from the
 * start of that UTC day; to the end of it, the day included) or an ISO-8601 instant ({@code to}
 * excluded). Either may be left out.
 */
public class Period {

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    /**
     * @return the conversions between from and to
     * @throws InsightsFailure (400) when either is not a date or instant, or from is not before to
     */
    EventFilter filter() {
        EventFilter f = EventFilter.between(instant("from", from, false), instant("to", to, true));
        if (f.from() != null && f.to() != null && !f.from().isBefore(f.to())) {
            throw InsightsFailure.badParameter("from must be before to");
        }
        return f;
    }

    private static Instant instant(String param, String v, boolean endOfDay) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw InsightsFailure.badParameter(param + " must be a date such as 2026-11-24 or an instant such as"
                    + " 2026-11-24T10:15:30Z");
        }
    }
}
