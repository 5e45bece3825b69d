package org.microconversions.interceptors.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.StorableText;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.experiment.ExperimentAssigner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture filter reads only the raw query string, cookies and a few headers: never a
 * parameter (which would consume a form body), never the body, and whatever the visitor sends
 * it yields a visitor that can be stored.
 */
class HostileCaptureTest {

    private final VisitorCaptureFilter filter = FakeHttp.filter(true, new ExperimentAssigner(Map.of()));
    private final List<Cookie> set = new ArrayList<>();
    private final HttpServletResponse response = FakeHttp.response(set);

    private static HttpServletRequest request(String query, Map<String, String> cookies, Map<String, String> headers) {
        return FakeHttp.request(query, cookies, headers, false);
    }

    @Test
    void aUrlencodedPostIsCapturedFromTheQueryStringAlone() {
        VisitorContext v = filter.capture(request("utm_source=gr%C3%B6%C3%9Fe&utm_medium=%E6%9D%B1%E4%BA%AC"
                + "&utm_campaign=%F0%9F%98%80", Map.of(), Map.of()), response);
        assertThat(v.channel()).isEqualTo(new Channel("größe", "東京", "😀"));
    }

    @Test
    void theLinksThatStoppedPersistenceGiveCleanValues() {
        assertThat(filter.capture(request("utm_source=ev%00il", Map.of(), Map.of()), response).channel().source())
                .isEqualTo("evil");
        assertThat(filter.capture(request("utm_source=a%0d%0aX-Evil:%20y", Map.of(), Map.of()), response)
                .channel().source()).isEqualTo("aX-Evil: y");
        // and the channel cookie set for them is clean too, so the next 90 days are
        for (Cookie c : set) {
            assertThat(c.getValue()).doesNotContain("%00", "%0D", "%0A");
        }
    }

    @Test
    void forgedIdsAreReplacedAndForgedVariantsSkipped() {
        VisitorContext v = filter.capture(request(null, Map.of("mc_vid", "abc\u0000def0123456789xyz",
                "mc_sid", "x\r\ny_zz", "mc_var", "layout=b\u0000c,promo=\u2028"), Map.of()), response);
        assertThat(v.visitorId()).matches("[a-z0-9]{16,64}").doesNotContain("\u0000");
        assertThat(v.sessionId()).matches("[a-z0-9]{16,64}");
        assertThat(v.variants()).isEmpty();
    }

    @Test
    void aVisitorIdIsKeptOnlyWith16To64LettersDigitsOrHyphens() {
        for (String kept : new String[]{"a".repeat(16), "Z9-".repeat(21) + "x", "0123456789abcdef-ABCDEF"}) {
            assertThat(filter.capture(request(null, Map.of("mc_vid", kept), Map.of()), response).visitorId())
                    .as(kept).isEqualTo(kept);
        }
        for (String replaced : new String[]{"a".repeat(15), "a".repeat(65), "a".repeat(15) + "_", "a".repeat(15) + "é",
                "a".repeat(15) + " ", "a".repeat(15) + "\u0000", "a".repeat(15) + "/", "a".repeat(15) + ":",
                "a".repeat(15) + "@", "a".repeat(15) + "[", "a".repeat(15) + "`", "a".repeat(15) + "{", ""}) {
            assertThat(filter.capture(request(null, Map.of("mc_vid", replaced), Map.of()), response).visitorId())
                    .as(replaced).isNotEqualTo(replaced).matches("[a-z0-9]{16,64}");
        }
    }

    @Test
    void randomHostileRequestsAlwaysGiveAStorableVisitor() {
        Random random = new Random(2026);
        for (int i = 0; i < 5_000; i++) {
            Map<String, String> cookies = Map.of("mc_vid", junk(random), "mc_sid", junk(random),
                    "mc_ch", junk(random) + "|" + junk(random) + "|" + junk(random), "mc_var", junk(random));
            Map<String, String> headers = Map.of("Referer", "https://" + junk(random) + "/",
                    "X-Experiment-Variants", junk(random));
            String query = "utm_source=" + junk(random) + "&utm_medium=" + junk(random) + "&utm_campaign="
                    + junk(random);
            VisitorContext v = filter.capture(request(query, cookies, headers), response); // never throws
            Channel c = v.channel();
            for (String s : new String[]{v.visitorId(), v.sessionId(), c.source(), c.medium(), c.campaign()}) {
                assertThat(StorableText.isStorable(s)).as("seed 2026, request %d: %s", i, s).isTrue();
            }
            v.variants().values().forEach(s -> assertThat(StorableText.isStorable(s)).isTrue());
        }
    }

    private static String junk(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(60);
        for (int j = 0; j < n; j++) {
            switch (random.nextInt(5)) {
                case 0 -> b.append('%').append(String.format("%02x", random.nextInt(256)));
                case 1 -> b.append((char) random.nextInt(0x20));
                case 2 -> b.append((char) (0xD800 + random.nextInt(0x800)));
                case 3 -> b.append("=&|,+%\u2028\u0085".charAt(random.nextInt(8)));
                default -> b.append((char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }
}
