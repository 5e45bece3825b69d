package org.microconversions.interceptors.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.experiment.ExperimentAssigner;
import org.microconversions.interceptors.outbox.RecordingSink;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code Sec-GPC: 1} on an ordinary request keeps its server-side conversions from third-party sinks. */
class ServerSideGpcTest {

    @Test
    void aConversionOfARequestWithGlobalPrivacyControlIsOwedToNoThirdParty() throws Exception {
        DataSource db = Databases.derby();
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "50ms")
                .beans(HostileShopBean.class, RecordingSink.class).start()) {
            HostileShopBean shop = c.bean(HostileShopBean.class);
            VisitorCaptureFilter filter = new VisitorCaptureFilter(c.bean(Settings.class).http(),
                    new ExperimentAssigner(Map.of()));
            FilterChain share = (req, res) -> shop.share();
            FilterChain cart = (req, res) -> shop.addToCart("sku-1");
            filter.doFilter(request(Map.of("Sec-GPC", "1")), response(), share);
            filter.doFilter(request(Map.of()), response(), cart);

            await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 2);
            assertThat(Databases.rows(db, "SELECT e.name FROM mc_outbox o JOIN mc_event e ON e.id = o.event_id"))
                    .as("only the conversion without GPC is owed to the third-party sink")
                    .containsExactly(List.of("add-to-cart"));
            assertThat(Databases.rows(db, "SELECT attributes FROM mc_event WHERE name = 'share'"))
                    .containsExactly(List.of("{\"gpc\":\"1\"}"));
        }
    }

    private static HttpServletRequest request(Map<String, String> headers) {
        return FakeHttp.request(null, Map.of(), headers, false);
    }

    private static HttpServletResponse response() {
        return FakeHttp.response(new java.util.ArrayList<>());
    }
}
