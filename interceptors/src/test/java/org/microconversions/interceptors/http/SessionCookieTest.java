package org.microconversions.interceptors.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The session cookie slides with activity but is not re-sent on every response. */
class SessionCookieTest {

    private static final long TIMEOUT = Duration.ofMinutes(30).toSeconds();
    private final VisitorCaptureFilter filter = FakeHttp.filter(false,
            new org.microconversions.interceptors.experiment.ExperimentAssigner(java.util.Map.of()));
    private final List<Cookie> set = new ArrayList<>();
    /** Records addCookie; nothing else of the response is used. */
    private final HttpServletResponse response = FakeHttp.response(set);

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String value(String id, long refreshed) {
        return id + "_" + Long.toString(refreshed, 36);
    }

    @Test
    void aNewSessionSetsTheCookieWithTheTimeout() {
        String id = filter.session(null, response, false);
        assertThat(id).matches("[a-z0-9]{16,64}");
        assertThat(set).hasSize(1);
        assertThat(set.get(0).getValue()).startsWith(id + "_");
        assertThat(set.get(0).getMaxAge()).isEqualTo((int) TIMEOUT);
    }

    @Test
    void aRecentlyRefreshedSessionIsKeptWithoutSendingTheCookieAgain() {
        assertThat(filter.session(value("session-0123456789", now() - 60), response, false))
                .isEqualTo("session-0123456789");
        assertThat(set).isEmpty();
    }

    @Test
    void aSessionRefreshedMoreThanAQuarterOfTheTimeoutAgoIsRefreshed() {
        assertThat(filter.session(value("session-0123456789", now() - TIMEOUT / 2), response, false))
                .isEqualTo("session-0123456789");
        assertThat(set).hasSize(1);
        assertThat(set.get(0).getValue()).startsWith("session-0123456789_");
    }

    @Test
    void aSessionWhoseRefreshTimeIsNotANumberKeepsItsIdAndIsSentAgain() {
        for (String time : new String[]{"", "+", "-", "-1", "zzzzzzzzzzzzzzzzzzzz", "1\u0000", "1 2", "1.5"}) {
            set.clear();
            assertThat(filter.session("session-0123456789_" + time, response, false)).as(time)
                    .isEqualTo("session-0123456789");
            assertThat(set).as(time).hasSize(1);
            assertThat(set.get(0).getValue()).as(time).matches("session-0123456789_[a-z0-9]+");
        }
        // digits of another script are a number to Long.parseLong: here 12 s after 1970, so long expired
        assertThat(filter.session("session-0123456789_\u0661\u0662", response, false)).matches("[a-z0-9]{16,64}")
                .isNotEqualTo("session-0123456789");
    }

    @Test
    void anExpiredOrMalformedSessionStartsANewOne() {
        assertThat(filter.session(value("session-0123456789", now() - TIMEOUT - 5), response, false))
                .isNotEqualTo("session-0123456789");
        assertThat(filter.session("<script>", response, false)).matches("[a-z0-9]{16,64}");
        assertThat(set).hasSize(2);
    }
}
