package org.microconversions.interceptors.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.microconversions.interceptors.config.Settings.CookieSecurity;
import org.microconversions.interceptors.config.Settings.HttpSettings;
import org.microconversions.interceptors.experiment.ExperimentAssigner;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Requests and responses as a servlet container hands them to the capture filter, for its tests. */
final class FakeHttp {

    /** What would read or consume the body: the capture filter must call none of these. */
    private static final Set<String> READS_BODY = Set.of("getParameter", "getParameterMap", "getParameterNames",
            "getParameterValues", "getInputStream", "getReader", "getParts", "getPart");

    private FakeHttp() {
    }

    /** The default cookie and header names, with the client-variants QA switch as given. */
    static HttpSettings settings(boolean clientVariants) {
        return new HttpSettings(true, "mc_vid", Duration.ofDays(400), "mc_sid", Duration.ofMinutes(30), "mc_ch",
                Duration.ofDays(90), "X-Experiment-Variants", "mc_var", CookieSecurity.AUTO, clientVariants);
    }

    static VisitorCaptureFilter filter(boolean clientVariants, ExperimentAssigner experiments) {
        return new VisitorCaptureFilter(settings(clientVariants), experiments);
    }

    /**
     * @param query   the raw query string, or null
     * @param cookies cookie name to raw value
     * @param headers header name to value
     * @param secure  what {@code isSecure()} answers
     * @return a request that fails the test if anything reads its body or parameters
     */
    static HttpServletRequest request(String query, Map<String, String> cookies, Map<String, String> headers,
            boolean secure) {
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> {
                    if (READS_BODY.contains(method.getName())) {
                        throw new AssertionError("the capture filter called " + method.getName());
                    }
                    return switch (method.getName()) {
                        case "getQueryString" -> query;
                        case "getCookies" -> cookies.isEmpty()
                                ? null
                                : cookies.entrySet().stream()
                                        .map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getServerName" -> "shop.example";
                        case "isSecure" -> secure;
                        case "getMethod" -> "POST";
                        case "getContentType" -> "application/x-www-form-urlencoded";
                        default -> method.getReturnType() == boolean.class ? false : null;
                    };
                });
    }

    /** @return a response that adds every cookie set to {@code set} and ignores the rest */
    static HttpServletResponse response(List<Cookie> set) {
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addCookie")) {
                        set.add((Cookie) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }
}
