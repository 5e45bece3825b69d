package org.microconversions.interceptors.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.microconversions.api.Channel;
import org.microconversions.api.Consent;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.config.Settings.HttpSettings;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.record.CallStack;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Captures who the visitor is on the request thread: a random visitor id cookie (set when
 * absent), a session id that expires after inactivity, the channel, experiment variants, the
 * visitor's consent choice and Global Privacy Control. No IP address or user agent is read, so
 * none can be stored, and never a parameter or the body.
 *
 * @param settings    cookie names, lifetimes and switches, read once at deployment
 * @param experiments the deployment's experiments, which assign the variants
 */
record VisitorCaptureFilter(HttpSettings settings, ExperimentAssigner experiments) implements Filter {

    /** The first-party cookie the beacon's {@code consent()} (or the shop) sets: granted or denied. */
    static final String CONSENT_COOKIE = "mc_consent";

    /** Visitor and session ids: 16 to 64 of {@code [A-Za-z0-9-]}. */
    private static final int ID_MIN = 16;
    private static final int ID_MAX = 64;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        CurrentVisitor.set(capture(request, response));
        try {
            chain.doFilter(req, res);
        } finally {
            CurrentVisitor.clear();
            CallStack.clearHandoff(); // one the response filter never took must not outlive the request
        }
    }

    VisitorContext capture(HttpServletRequest request, HttpServletResponse response) {
        String visitor = null;
        String sessionCookie = null;
        String channelCookie = null;
        String variantsCookie = null;
        String consentCookie = null;
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                String n = c.getName();
                if (n.equals(settings.visitorCookie())) {
                    visitor = valid(c.getValue());
                } else if (n.equals(settings.sessionCookie())) {
                    sessionCookie = c.getValue();
                } else if (n.equals(settings.channelCookie())) {
                    channelCookie = c.getValue();
                } else if (n.equals(settings.variantsCookie())) {
                    variantsCookie = c.getValue();
                } else if (n.equals(CONSENT_COOKIE)) {
                    consentCookie = c.getValue();
                }
            }
        }
        boolean secure = settings.secureCookies().secure(request.isSecure());
        if (visitor == null) {
            visitor = newId();
            response.addCookie(cookie(settings.visitorCookie(), visitor, settings.visitorMaxAge().toSeconds(), secure));
        }
        String session = session(sessionCookie, response, secure);

        // never getParameter: it would consume a form POST's body before the shop's servlet reads it
        Channel channel = Channels.fromRequest(UtmParameters.parse(request.getQueryString()),
                request.getHeader("Referer"), request.getServerName());
        if (channel != null) {
            response.addCookie(cookie(settings.channelCookie(), Channels.encode(channel),
                    settings.channelMaxAge().toSeconds(), secure));
        } else {
            channel = Channels.decode(channelCookie);
            if (channel == null) {
                channel = Channel.DIRECT;
            }
        }
        // Configured experiments: the deterministic assignment. A client may name its own variants
        // (header, then cookie) only with the QA switch on: otherwise a visitor could pick a side.
        Map<String, String> chosen = Map.of();
        if (settings.clientVariants()) {
            String header = request.getHeader(settings.variantsHeader());
            chosen = Variants.parse(header != null ? header : variantsCookie);
        }
        Map<String, String> variants = experiments.merge(chosen, visitor);
        // Global Privacy Control on any request, not only the beacon's: never for third parties
        boolean gpc = "1".equals(request.getHeader("Sec-GPC"));
        return new VisitorContext(visitor, session, null, channel, variants, Consent.of(consentCookie), gpc);
    }

    /**
     * The session id, from the cookie {@code <id>_<refreshed, epoch seconds base 36>}. The expiry
     * slides with activity, but the cookie is re-sent only when a quarter of the timeout has passed
     * since it was last refreshed: a Set-Cookie on every response costs on every request.
     */
    String session(String cookieValue, HttpServletResponse response, boolean secure) {
        long now = System.currentTimeMillis() / 1000;
        long timeout = settings.sessionTimeout().toSeconds();
        String id = null;
        long refreshed = -1;
        if (cookieValue != null) {
            int sep = cookieValue.lastIndexOf('_');
            id = valid(sep > 0 ? cookieValue.substring(0, sep) : cookieValue);
            if (id != null && sep > 0) {
                try {
                    refreshed = Long.parseLong(cookieValue, sep + 1, cookieValue.length(), 36);
                } catch (NumberFormatException e) {
                    refreshed = -1;
                }
            }
        }
        if (id == null || (refreshed >= 0 && now - refreshed > timeout)) {
            id = newId(); // no session, or it expired although the browser still sent it
            refreshed = -1;
        }
        if (refreshed < 0 || refreshed > now || now - refreshed > timeout / 4) {
            response.addCookie(cookie(settings.sessionCookie(), id + '_' + Long.toString(now, 36), timeout, secure));
        }
        return id;
    }

    /** A loop, not a regular expression: it runs for two cookies on every request. */
    private static String valid(String id) {
        if (id == null || id.length() < ID_MIN || id.length() > ID_MAX) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return null;
            }
        }
        return id;
    }

    private static String newId() {
        UUID u = UUID.randomUUID();
        return Long.toUnsignedString(u.getMostSignificantBits(), 36)
                + Long.toUnsignedString(u.getLeastSignificantBits(), 36);
    }

    private static Cookie cookie(String name, String value, long maxAgeSeconds, boolean secure) {
        Cookie c = new Cookie(name, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAgeSeconds));
        c.setAttribute("SameSite", "Lax");
        return c;
    }
}
