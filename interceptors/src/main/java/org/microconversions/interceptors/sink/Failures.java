package org.microconversions.interceptors.sink;

import org.microconversions.spi.DeliveryResult.Failure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

/**
 * How the suite's sinks classify what a destination answered, and the bounded labels of
 * {@code microconversions_sink_failures_total{exception}}.
 *
 * <table>
 * <caption>HTTP answers</caption>
 * <tr><th>answer</th><th>outcome</th><th>label</th></tr>
 * <tr><td>2xx</td><td>delivered</td><td></td></tr>
 * <tr><td>408, 429, 5xx</td><td>retry, not before {@code Retry-After}</td><td>{@code http_503} …</td></tr>
 * <tr><td>401, 403, 404, 1xx, 3xx</td><td>hold: the sink's configuration is wrong</td><td>{@code http_401} …</td></tr>
 * <tr><td>other 4xx</td><td>rejected for good</td><td></td></tr>
 * <tr><td>timeout</td><td>retry</td><td>{@code timeout}</td></tr>
 * <tr><td>connection refused, unknown host, connect timeout</td><td>retry</td><td>{@code connect}</td></tr>
 * <tr><td>other I/O error</td><td>retry</td><td>{@code io}</td></tr>
 * </table>
 */
public final class Failures {

    private Failures() {
    }

    /**
     * @param status     the HTTP status, not 2xx
     * @param reason     what to record, without secrets
     * @param retryAfter the {@code Retry-After} header, or null
     * @return the outcome for the events of that request
     */
    public static Failure ofStatus(int status, String reason, String retryAfter, Clock clock) {
        String code = status >= 100 && status <= 599 ? "http_" + status : "http_other";
        if (status == 408 || status == 429 || status >= 500) {
            return Failure.retry(code, reason, retryAfter(retryAfter, clock));
        }
        if (status == 401 || status == 403 || status == 404 || status < 400) {
            return Failure.hold(code, reason);
        }
        return Failure.rejected(reason);
    }

    /**
     * What an HTTP destination's answer other than 2xx means, as {@link #ofStatus} sorts it. A hold
     * (401, 403, 404, a redirect) says which settings to check; the body is shown only for a 4xx
     * that is not a pause (408, 429), where it usually says what was wrong.
     *
     * @param destination the name the reason starts with, e.g. {@code GA4}
     * @param status      the HTTP status, not 2xx
     * @param body        the start of the response body, without secrets
     * @param retryAfter  the {@code Retry-After} header, or null
     * @param check       the settings a hold names, e.g. {@code microconversions.sink.webhook.url and secret}
     * @return the outcome for the events of that request
     */
    public static Failure ofAnswer(String destination, int status, String body, String retryAfter, String check,
            Clock clock) {
        if (status == 401 || status == 403 || status == 404 || status < 400) {
            return ofStatus(status, destination + " answered " + status + ": check " + check, null, clock);
        }
        String shown = status >= 500 || status == 429 || status == 408 || body.isBlank() ? "" : ": " + body.strip();
        return ofStatus(status, destination + " answered " + status + shown, retryAfter, clock);
    }

    /**
     * @return whether a sink should send nothing more in this call after this failure: the sink is
     *         held, the destination asked for a pause or is rate limiting, or it cannot be reached
     *         in time (each further request would wait for the timeout again). After a plain 5xx,
     *         other visitors' conversions are still sent.
     */
    public static boolean stopsTheBatch(Failure f) {
        return f.kind() == Failure.Kind.HOLD || f.notBefore() != null
                || "http_429".equals(f.code()) || "timeout".equals(f.code()) || "connect".equals(f.code());
    }

    /**
     * @param e what a send threw
     * @return a retry labelled {@code timeout}, {@code connect} or {@code io}, with a reason that
     *         names the kind and the exception's class, never its message (which may carry a URL)
     */
    public static Failure ofException(String destination, IOException e) {
        String kind = kind(e);
        return Failure.retry(kind, destination + " " + switch (kind) {
            case "timeout" -> "did not answer in time";
            case "connect" -> "could not be connected to";
            default -> "failed";
        } + " (" + e.getClass().getSimpleName() + ")");
    }

    /**
     * @return the bounded label of a failure: {@code timeout}, {@code connect}, {@code io}, or the
     *         exception's simple class name
     */
    public static String kind(Throwable e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return "connect";
        }
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException
                || e instanceof TimeoutException
                || "TimeoutException".equals(e.getClass().getSimpleName())) {
            return "timeout";
        }
        if (e instanceof IOException) {
            return e.getCause() instanceof ConnectException ? "connect" : "io";
        }
        return e.getClass().getSimpleName().isEmpty() ? "other" : e.getClass().getSimpleName();
    }

    /**
     * @param header {@code Retry-After}: delay seconds, or an HTTP date
     * @return the instant before which no request may be sent, or null if absent or unreadable
     */
    public static Instant retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            if (h.chars().allMatch(Character::isDigit)) {
                return clock.instant().plusSeconds(Long.parseLong(h));
            }
            return ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
