package it.storefront;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The links that once stopped all persistence on PostgreSQL (issue 11), clicked on the real shop:
 * each answers 200, and the ordinary add-to-cart sent after each one is in PostgreSQL within 2 s,
 * with the channel stored clean (and the channel cookie carrying it on is clean too).
 */
@ExtendWith({EmbeddedPostgresExtension.class, ArquillianExtension.class})
class HostileLinksPostgresIT {

    private static final List<String> LINKS = List.of(
            "/api/products/stoneware-mug?utm_source=ev%00il",
            "/api/products/stoneware-mug?utm_source=a%0d%0aX-Evil:%20y",
            "/api/products/stoneware-mug?utm_source=news&utm_campaign=gr%C3%B6%C3%9Fe",
            "/api/products/stoneware-mug?utm_source=" + "a".repeat(99) + "%F0%9F%98%80&utm_medium=%ED%A0%80",
            "/api/products/stoneware-mug?utm_source=%E6%9D%B1%E4%BA%AC&utm_medium=%C2%85%E2%80%A8");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefront();
    }

    @Test
    void everyOrdinaryConversionAfterAHostileLinkIsPersisted() throws Exception {
        List<ShopClient> visitors = new ArrayList<>();
        for (String link : LINKS) {
            ShopClient v = new ShopClient();
            assertThat(v.getRaw(link).statusCode()).as(link).isEqualTo(200);
            assertThat(v.visitorId()).isNotBlank();
            v.postJson("/api/cart/items", Map.of("productId", "stoneware-mug", "quantity", 1)).then().statusCode(200);
            await("add-to-cart after " + link + " persisted").atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> rows("SELECT name FROM mc_event WHERE visitor_id = ? AND name = 'add-to-cart'",
                            v.visitorId()).size() == 1);
            visitors.add(v);
        }
        List<String> sources = new ArrayList<>();
        for (ShopClient v : visitors) {
            List<List<String>> rows = rows("SELECT name, source, medium, campaign FROM mc_event WHERE visitor_id = ?"
                    + " ORDER BY occurred_at, id", v.visitorId());
            assertThat(rows).extracting(r -> r.get(0)).containsExactly("view-product", "add-to-cart");
            // the add-to-cart came with the channel cookie the link set: the same, clean channel
            assertThat(rows.get(1).subList(1, 4)).isEqualTo(rows.get(0).subList(1, 4));
            sources.add(rows.get(0).get(1) + "|" + rows.get(0).get(2) + "|" + rows.get(0).get(3));
        }
        assertThat(sources).containsExactly("evil|(not set)|null", "aX-Evil: y|(not set)|null", "news|(not set)|größe",
                "a".repeat(99) + "|\uFFFD|null", "東京|(not set)|null");
        assertThat(rows("SELECT COUNT(*) FROM mc_event WHERE visitor_id IS NOT NULL AND concat_ws('', visitor_id,"
                + " session_id, source, medium, campaign, variants, attributes, origin)"
                + " ~ '[\\x01-\\x1f\\x7f-\\x9f\\u2028\\u2029]' AND ? <> ''", "any"))
                .as("rows with a control character, in SQL").containsExactly(List.of("0"));
    }

    private static List<List<String>> rows(String sql, String param) throws Exception {
        try (Connection c = EmbeddedPostgresExtension.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
