package it.storefront;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The visitor journey both integration tests drive, and what it must have recorded. */
final class Journey {

    /** Conversions the journey records, in order. */
    static final List<String> EXPECTED_NAMES = List.of("view-product", "add-to-wishlist", "add-to-cart",
            "add-to-cart", "remove-from-cart", "proceed-to-checkout", "purchase", "newsletter-signup",
            "sign-up", "buy-now");

    /** 2 x Stoneware Mug (14.90) + 4.90 shipping (under 50). */
    static final BigDecimal ORDER_TOTAL = new BigDecimal("34.70");

    private Journey() {
    }

    /** Counter increments the journey must cause, per conversion name. */
    static Map<String, Integer> expectedCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        EXPECTED_NAMES.forEach(n -> counts.merge(n, 1, Integer::sum));
        return counts;
    }

    /** Drives a visitor from a newsletter link to a paid order, checking each response. */
    static ShopClient run() {
        ShopClient v = new ShopClient().land("/?utm_source=newsletter&utm_medium=email&utm_campaign=spring");
        String unique = UUID.randomUUID().toString().substring(0, 8);

        v.request().get("/api/products/stoneware-mug").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", org.hamcrest.Matchers.equalTo("Stoneware Mug"));

        v.postJson("/api/wishlist", Map.of("productId", "stoneware-mug")).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains("stoneware-mug"));

        v.postJson("/api/cart/items", Map.of("productId", "stoneware-mug", "quantity", 2)).then()
                .statusCode(200).body("count", org.hamcrest.Matchers.equalTo(2));
        v.postJson("/api/cart/items", Map.of("productId", "desk-lamp", "quantity", 1)).then()
                .statusCode(200).body("count", org.hamcrest.Matchers.equalTo(3));
        v.request().delete("/api/cart/items/desk-lamp").then().statusCode(200)
                .body("count", org.hamcrest.Matchers.equalTo(2));

        Response checkout = v.request().post("/api/checkout");
        assertThat(checkout.statusCode()).isEqualTo(200);
        assertThat(new BigDecimal(checkout.jsonPath().getString("total"))).isEqualByComparingTo(ORDER_TOTAL);

        Response order = v.postJson("/api/orders",
                Map.of("name", "Ana Silva", "email", "ana-" + unique + "@example.com",
                        "address", "Rua da Fonte Taurina 12, Porto", "cardNumber", "4242 4242 4242 4242"));
        assertThat(order.statusCode()).as(order.asString()).isEqualTo(201);
        assertThat(new BigDecimal(order.jsonPath().getString("total"))).isEqualByComparingTo(ORDER_TOTAL);
        assertThat(order.jsonPath().getString("currency")).isEqualTo("EUR");
        v.request().get("/api/cart").then().statusCode(200).body("count", org.hamcrest.Matchers.equalTo(0));

        v.postJson("/api/newsletter", Map.of("email", "news-" + unique + "@example.com")).then().statusCode(200)
                .body("alreadySubscribed", org.hamcrest.Matchers.equalTo(false));
        v.postJson("/api/accounts", Map.of("name", "Ana", "email", "ana-" + unique + "@example.com",
                "password", "correct horse")).then().statusCode(201);
        v.postJson("/api/buy-now", Map.of("productId", "fountain-pen", "quantity", 1)).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(49.9f));
        return v;
    }

    /** Waits until the journey's conversions are persisted, then checks them row by row. */
    static List<Map<String, Object>> assertPersisted(ShopClient v) {
        List<Map<String, Object>> rows = Awaitility.await("persisted conversions of the visitor")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(v::conversions, r -> r.size() >= EXPECTED_NAMES.size());
        assertThat(rows).extracting(r -> r.get("name")).containsExactlyElementsOf(EXPECTED_NAMES);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("source")).isEqualTo("newsletter");
            assertThat(r.get("medium")).isEqualTo("email");
            assertThat(r.get("campaign")).isEqualTo("spring");
        });
        Map<String, Object> purchase = rows.get(EXPECTED_NAMES.indexOf("purchase"));
        assertThat(purchase.get("kind")).isEqualTo("macro");
        assertThat(new BigDecimal(String.valueOf(purchase.get("value")))).isEqualByComparingTo(ORDER_TOTAL);
        assertThat(purchase.get("currency")).isEqualTo("EUR");
        assertThat(rows).filteredOn(r -> !"purchase".equals(r.get("name")))
                .allSatisfy(r -> {
                    assertThat(r.get("kind")).isEqualTo("micro");
                    assertThat(r.get("value")).isNull();
                });
        return rows;
    }

    /** Checks the counters grew by exactly what the journey did. */
    static void assertCounted(Metrics before, Metrics after) {
        expectedCounts().forEach((name, count) -> {
            String kind = "purchase".equals(name) ? "macro" : "micro";
            double now = after.require(Metrics.CONVERSIONS, Map.of("name", name, "kind", kind));
            assertThat(now - before.conversions(name)).as("increase of conversions_total{name=%s}", name)
                    .isEqualTo(count.doubleValue());
        });
    }
}
