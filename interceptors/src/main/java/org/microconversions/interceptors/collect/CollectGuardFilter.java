package org.microconversions.interceptors.collect;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the collect endpoint's contract (JSON answers, never a 5xx) for requests the JAX-RS
 * runtime would refuse before the endpoint runs: an unparseable {@code Content-Type} is answered
 * 415 here, and the negotiation headers (the endpoint always answers JSON) are hidden so garbage
 * in them cannot turn into an HTML 400 or a 500.
 */
public final class CollectGuardFilter implements Filter {

    static final String PATH_SUFFIX = "/microconversions/collect";
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\\\]*\"))*\\s*;?\\s*");
    private static final Set<String> HIDDEN = Set.of("accept", "accept-language", "accept-charset");

    private volatile Collector collector;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !request.getRequestURI().endsWith(PATH_SUFFIX)) {
            chain.doFilter(req, res);
            return;
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            CollectOutcome o = collector().refuseMediaType();
            response.setStatus(o.status());
            response.setContentType("application/json");
            response.getOutputStream().write(o.json().getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new WithoutNegotiation(request), res);
    }

    private Collector collector() {
        Collector c = collector;
        if (c == null) {
            c = CDI.current().select(Collector.class).get();
            collector = c;
        }
        return c;
    }

    /** The request without Accept* headers: the endpoint answers JSON whatever they say. */
    private static final class WithoutNegotiation extends HttpServletRequestWrapper {
        WithoutNegotiation(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            return name != null && HIDDEN.contains(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !hidden(n)).toList());
        }
    }
}
