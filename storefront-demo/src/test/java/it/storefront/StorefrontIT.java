package it.storefront;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The storefront on Open Liberty with embedded Derby: journey, refusals and transactions. */
@ExtendWith(ArquillianExtension.class)
class StorefrontIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefrontWithProbe();
    }

    @Test
    void journeyFromNewsletterToPurchaseIsRecordedCountedAndAttributed() {
        Metrics before = Metrics.scrape();

        ShopClient visitor = Journey.run();

        Journey.assertPersisted(visitor);
        Journey.assertCounted(before, Metrics.scrape());
    }

    @Test
    void theShopPageAndMetricsAnswer() {
        ShopClient v = new ShopClient().land("/");
        v.request().get("/api/products?category=kitchen").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(3));
        v.request().get("/api/products?q=wool").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.containsInAnyOrder("merino-beanie"));
        v.request().get("/api/products").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(12));
        assertThat(Metrics.scrape()).isNotNull();
    }

    @Test
    void invalidRequestsGetAClearJsonErrorAndAreNotCounted() {
        ShopClient v = new ShopClient().land("/");
        Metrics before = Metrics.scrape();

        List<Supplier<Response>> refusals = List.of(
                () -> v.request().get("/api/products/no-such-product"),
                () -> v.postJson("/api/wishlist", Map.of("productId", "no-such-product")),
                () -> v.postJson("/api/cart/items", Map.of("productId", "no-such-product", "quantity", 1)),
                () -> v.postJson("/api/cart/items", Map.of("productId", "stoneware-mug", "quantity", 0)),
                () -> v.postJson("/api/cart/items", Map.of("productId", "stoneware-mug", "quantity", -3)),
                () -> v.request().contentType(ContentType.JSON).body("{\"productId\": ").post("/api/cart/items"),
                () -> v.request().delete("/api/cart/items/fountain-pen"),
                () -> v.request().post("/api/checkout"),
                () -> v.postJson("/api/buy-now", Map.of("productId", "fountain-pen", "quantity", 0)),
                () -> v.postJson("/api/orders", Map.of("name", "Ana", "email", "ana@example.com",
                        "address", "Porto", "cardNumber", "4242 4242 4242 4242")),
                () -> v.postJson("/api/orders", Map.of("name", "Ana", "email", "not-an-email",
                        "address", "Porto", "cardNumber", "4242 4242 4242 4242")),
                () -> v.postJson("/api/newsletter", Map.of("email", "not-an-email")),
                () -> v.postJson("/api/accounts", Map.of("name", "Ana", "email", "ana@", "password", "long enough")));
        List<Integer> expected = List.of(404, 404, 404, 400, 400, 400, 404, 409, 400, 409, 400, 400, 400);

        List<Integer> statuses = refusals.stream().map(call -> {
            Response r = call.get();
            assertThat(r.contentType()).as(r.asString()).startsWith("application/json");
            String error = r.jsonPath().getString("error");
            assertThat(error).as("error reason").isNotBlank();
            assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
            return r.statusCode();
        }).toList();
        assertThat(statuses).containsExactlyElementsOf(expected);

        Metrics after = Metrics.scrape();
        assertThat(after.allConversions()).as("conversion counters after refused requests")
                .isEqualTo(before.allConversions());
        assertThat(after.failures("add-to-cart") - before.failures("add-to-cart"))
                .as("refused add-to-cart calls (unknown product, 0, -3, malformed body)").isEqualTo(4.0);
        assertThat(v.conversions()).isEmpty();
    }

    @Test
    void unknownPathsAndServerErrorsAnswerJsonWithoutDetails() {
        ShopClient v = new ShopClient();
        Response notFound = v.request().get("/api/no-such-endpoint");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.jsonPath().getString("error")).isEqualTo("not found");
        Response wrongMethod = v.request().put("/api/products");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.jsonPath().getString("error")).isNotBlank();
    }

    @Test
    void aConversionInsideARolledBackTransactionIsNotRecorded() {
        ShopClient v = new ShopClient().land("/");
        Metrics before = Metrics.scrape();

        v.request().post("/api/test-probe/rollback").then().statusCode(200)
                .body("rolledBack", org.hamcrest.Matchers.equalTo(true));
        v.request().post("/api/test-probe/commit").then().statusCode(200)
                .body("inTransaction", org.hamcrest.Matchers.equalTo(true));

        // the committed one shows up; the rolled-back one, recorded first, must never
        List<Map<String, Object>> rows = Awaitility.await("committed probe conversion persisted")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(v::conversions, r -> !r.isEmpty());
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("probe-committed");

        Metrics after = Metrics.scrape();
        assertThat(after.require(Metrics.CONVERSIONS, Map.of("name", "probe-committed"))
                - before.conversions("probe-committed")).isEqualTo(1.0);
        assertThat(after.conversions("probe-rolled-back") - before.conversions("probe-rolled-back")).isZero();
    }
}
