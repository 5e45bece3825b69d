package it.storefront;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiment of the demo (product_layout: classic or gallery) and the insights page, in a real
 * headless Chromium: the page is protected (role microconversions-insights, demo user analyst),
 * draws its charts, and shows the numbers of the insights API; the product page renders the
 * variant the library assigned, and the conversions carry it.
 */
@ExtendWith(ArquillianExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InsightsPageIT {

    private static final String INSIGHTS = "/api/microconversions/insights";
    private static Chromium chromium;
    private static Browser browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefront();
    }

    @BeforeAll
    static void launchChromium() {
        chromium = Chromium.launch();
        browser = chromium.browser;
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void insightsNeedTheAnalystRole() {
        for (String path : List.of("/insights.html", INSIGHTS + "/funnels", INSIGHTS + "/experiments/product_layout",
                INSIGHTS + "/experiments/product_layout/goals")) {
            assertThat(RestAssured.given().baseUri(ShopClient.baseUri()).get(path).statusCode())
                    .as("%s without a login", path).isEqualTo(401);
            assertThat(RestAssured.given().baseUri(ShopClient.baseUri()).auth().preemptive().basic("analyst", "wrong")
                    .get(path).statusCode()).as("%s with a wrong password", path).isEqualTo(401);
        }
        assertThat(analyst().get(INSIGHTS + "/funnels").statusCode()).isEqualTo(200);
        // the shop and its metrics stay public
        assertThat(RestAssured.given().baseUri(ShopClient.baseUri()).get("/api/products").statusCode()).isEqualTo(200);
        assertThat(RestAssured.given().baseUri(ShopClient.baseUri()).get("/metrics?scope=application").statusCode())
                .isEqualTo(200);
    }

    @Test
    void everyConversionCarriesTheVariantTheProductPageShowed() {
        Instant start = Instant.now().minusMillis(5);
        Map<String, Integer> views = new HashMap<>();
        Map<String, Integer> adds = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            ShopClient v = new ShopClient().land("/?utm_source=insights-it&utm_medium=test");
            String variant = v.request().get("/api/experiments/product_layout").then().statusCode(200)
                    .extract().jsonPath().getString("variant");
            assertThat(variant).isIn("classic", "gallery");
            assertThat(v.request().get("/api/experiments/product_layout").jsonPath().getString("variant"))
                    .as("sticky for the visitor").isEqualTo(variant);
            v.request().get("/api/products/stoneware-mug").then().statusCode(200);
            views.merge(variant, 1, Integer::sum);
            if (i % 3 == 0) {
                v.postJson("/api/cart/items", Map.of("productId", "stoneware-mug", "quantity", 1)).then()
                        .statusCode(200);
                adds.merge(variant, 1, Integer::sum);
            }
        }
        assertThat(views).as("24 visitors, both variants assigned").containsOnlyKeys("classic", "gallery");
        assertThat(RestAssured.given().baseUri(ShopClient.baseUri()).get("/api/experiments/no_such").statusCode())
                .isEqualTo(404);

        for (String variant : List.of("classic", "gallery")) {
            JsonPath funnel = Awaitility.await("funnel of variant " + variant).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> analyst().queryParam("from", start.toString())
                            .queryParam("experiment", "product_layout")
                            .queryParam("variant", variant).get(INSIGHTS + "/funnels/checkout").then().statusCode(200)
                            .extract().jsonPath(),
                            f -> f.getLong("steps[0].visitors") == views.get(variant)
                                    && f.getLong("steps[1].visitors") == adds.getOrDefault(variant, 0));
            assertThat(funnel.getList("steps.name")).containsExactly("view-product", "add-to-cart",
                    "proceed-to-checkout", "purchase");
        }
        JsonPath experiment = analyst().queryParam("goal", "add-to-cart").queryParam("from", start.toString())
                .get(INSIGHTS + "/experiments/product_layout").then().statusCode(200).extract().jsonPath();
        assertThat(experiment.getList("variants.variant")).containsExactly("classic", "gallery");
        assertThat(experiment.getInt("variants.find { it.variant == 'gallery' }.visitors"))
                .isEqualTo(views.get("gallery"));
        assertThat(experiment.getInt("variants.find { it.variant == 'classic' }.conversions"))
                .isEqualTo(adds.getOrDefault("classic", 0));
        // the page's request: every goal from one read, each equal to the goal's own report
        String goals = analyst().queryParam("goal", "add-to-cart", "purchase").queryParam("from", start.toString())
                .get(INSIGHTS + "/experiments/product_layout/goals").then().statusCode(200).extract().asString();
        assertThat(JsonPath.from(goals).getList("goals.goal")).containsExactly("add-to-cart", "purchase");
        for (String goal : List.of("add-to-cart", "purchase")) {
            assertThat(JsonPath.from(goals).getMap("goals.find { it.goal == '" + goal + "' }")).as(goal)
                    .isEqualTo(analyst().queryParam("goal", goal).queryParam("from", start.toString())
                            .get(INSIGHTS + "/experiments/product_layout").then().statusCode(200).extract()
                            .jsonPath().getMap("$"));
        }
        assertThat(analyst().queryParam("goal", "share").get(INSIGHTS + "/experiments/product_layout/goals")
                .then().statusCode(400).extract().jsonPath().getString("error")).contains("goal must be one of");
    }

    @Test
    void theProductPageRendersTheAssignedLayout() {
        Map<String, String> visitorOf = new HashMap<>();
        for (int i = 0; visitorOf.size() < 2 && i < 64; i++) {
            String id = String.format("insightsit-visitor-%04d", i);
            String variant = RestAssured.given().baseUri(ShopClient.baseUri()).cookie("mc_vid", id)
                    .get("/api/experiments/product_layout").then().statusCode(200).extract().jsonPath()
                    .getString("variant");
            visitorOf.putIfAbsent(variant, id);
        }
        assertThat(visitorOf).containsOnlyKeys("classic", "gallery");
        for (Map.Entry<String, String> e : visitorOf.entrySet()) {
            try (BrowserContext context = browser
                    .newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
                context.addCookies(List.of(new Cookie("mc_vid", e.getValue()).setUrl(ShopClient.baseUri())));
                Page page = context.newPage();
                List<String> trouble = watchForTrouble(page);
                page.navigate(ShopClient.baseUri() + "/#/product/stoneware-mug");
                // the product, or the shop's own error view: either way the test says what the page showed
                page.locator("section.product[data-layout], #view .empty").first()
                        .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
                assertThat(page.locator("section.product[data-layout]").count())
                        .as("the product page for %s showed %s; failed requests and console errors: %s",
                                e.getValue(), page.locator("#view").innerText(), trouble)
                        .isEqualTo(1);
                assertThat(page.locator("section.product").getAttribute("data-layout")).isEqualTo(e.getKey());
                boolean gallery = e.getKey().equals("gallery");
                assertThat(page.locator(".gallery-thumbs").count()).isEqualTo(gallery ? 1 : 0);
                assertThat(page.locator(".buybox").count()).isEqualTo(gallery ? 1 : 0);
                assertThat(page.locator(".product-art").count()).isEqualTo(gallery ? 0 : 1);
                // the same controls in both layouts
                assertThat(page.locator("#add").isVisible()).isTrue();
                page.waitForResponse(r -> r.url().endsWith("/api/cart/items"), () -> page.locator("#add").click());
                // the badge is set once the answer is parsed, a moment after the response event
                page.waitForFunction("() => document.getElementById('cart-count').textContent === '1'", null,
                        new Page.WaitForFunctionOptions().setTimeout(10_000));
                assertThat(page.locator("#cart-count").innerText()).isEqualTo("1");
            }
        }
    }

    @Test
    void insightsPageDrawsItsChartsAndShowsTheNumbersOfTheApi() throws Exception {
        // some traffic first, so every chart has something to draw
        for (int i = 0; i < 6; i++) {
            ShopClient v = new ShopClient().land("/?utm_source=newsletter&utm_medium=email&utm_campaign=spring");
            v.request().get("/api/products/desk-lamp").then().statusCode(200);
            v.postJson("/api/cart/items", Map.of("productId", "desk-lamp", "quantity", 1)).then().statusCode(200);
            if (i % 2 == 0) {
                v.request().post("/api/checkout").then().statusCode(200);
            }
        }
        Awaitility.await("conversions persisted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> analyst().get(INSIGHTS + "/funnels/checkout").jsonPath()
                        .getLong("steps[2].visitors") >= 3);

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900)
                .setHttpCredentials("analyst", "analyst"))) {
            Page page = context.newPage();
            List<String> errors = new CopyOnWriteArrayList<>();
            page.onPageError(errors::add);
            List<String> scripts = new CopyOnWriteArrayList<>();
            page.onRequest(r -> scripts.add(r.url()));
            page.navigate(ShopClient.baseUri() + "/insights.html");
            page.waitForFunction("() => document.body.dataset.loaded");
            assertThat(page.evaluate("() => document.body.dataset.loaded")).as(page.locator("#kpis").innerText())
                    .isEqualTo("true");
            assertThat(errors).as("script errors").isEmpty();
            assertThat(scripts).as("everything from the shop itself, no CDN")
                    .allMatch(u -> u.startsWith(ShopClient.baseUri()))
                    .anyMatch(u -> u.contains("/webjars/chart.js/"));
            assertThat(scripts.stream().filter(u -> u.contains("/insights/experiments/product_layout")))
                    .as("the experiment's three goals in one request, one read")
                    .containsExactly(ShopClient.baseUri() + INSIGHTS
                            + "/experiments/product_layout/goals?goal=add-to-cart&goal=proceed-to-checkout&goal=purchase");

            // the funnel in the DOM is the funnel of the API (no new traffic since the page loaded)
            JsonPath funnel = analyst().get(INSIGHTS + "/funnels/checkout").jsonPath();
            List<String> steps = funnel.getList("steps.name");
            assertThat(steps).containsExactly("view-product", "add-to-cart", "proceed-to-checkout", "purchase");
            for (int i = 0; i < steps.size(); i++) {
                String shown = page
                        .locator("#funnel-table tr[data-step='" + steps.get(i) + "'] td[data-field=visitors]")
                        .innerText().replace(",", "");
                assertThat(Long.parseLong(shown)).as("visitors at %s", steps.get(i))
                        .isEqualTo(funnel.getLong("steps[" + i + "].visitors"));
            }
            assertThat(longs(page.evaluate("() => insights.charts['funnel-chart'].data.datasets[0].data")))
                    .as("bars of the funnel chart").isEqualTo(longs(funnel.getList("steps.visitors")));

            // every chart drew pixels
            for (String canvas : List.of("funnel-chart", "timeseries-chart", "experiment-chart", "lift-chart")) {
                Object painted = page.evaluate("id => { const c = document.getElementById(id);"
                        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }", canvas);
                assertThat(((Number) painted).intValue()).as("painted pixels of #%s", canvas).isGreaterThan(2_000);
            }
            // experiment: three goals x two variants, and the error bars of the rates
            assertThat(page.locator("#experiment-table tbody tr").count()).isEqualTo(6);
            assertThat(page.locator("#experiment-table tr[data-goal='add-to-cart'][data-variant='gallery']").count())
                    .isEqualTo(1);
            assertThat(page.evaluate("() => insights.charts['experiment-chart'].data.datasets.map(d => d.label)"))
                    .isEqualTo(List.of("classic", "gallery"));
            // the sequential decision, the sample-ratio check and the guardrail as the API answers them
            JsonPath shown = JsonPath.from(String.valueOf(page.evaluate(
                    "() => JSON.stringify(insights.data.experiment.find(r => r.goal === 'add-to-cart'))")));
            assertThat(page.locator("#experiment-srm").getAttribute("data-flagged"))
                    .isEqualTo(String.valueOf(shown.getBoolean("srm.flagged")));
            assertThat(page.locator("#experiment-table tr[data-goal='add-to-cart'][data-variant='gallery']"
                    + " [data-decision]").getAttribute("data-decision"))
                    .isEqualTo(shown.getString("variants[1].decision"));
            assertThat(page.locator("#experiment-table tr[data-goal='add-to-cart'][data-variant='gallery']"
                    + " td[data-field=guardrail]").innerText()).startsWith("purchase");
            assertThat(page.locator("#channels-table tbody").innerText()).contains("newsletter / email", "spring");
            assertThat(page.locator("#lift-table tbody tr").count()).isGreaterThan(0);

            Path shot = Paths.get("target", "insights-it.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
            assertThat(Files.size(shot)).isGreaterThan(20_000);
        }
    }

    private static List<Long> longs(Object numbers) {
        return ((List<?>) numbers).stream().map(n -> ((Number) n).longValue()).toList();
    }

    private static io.restassured.specification.RequestSpecification analyst() {
        return RestAssured.given().baseUri(ShopClient.baseUri()).auth().preemptive().basic("analyst", "analyst")
                .accept(ContentType.JSON);
    }

    /** Failed responses and console errors of a page, so a page that shows nothing says why. */
    private static List<String> watchForTrouble(Page page) {
        List<String> trouble = new CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.status() >= 400) {
                trouble.add(r.status() + " " + r.url());
            }
        });
        page.onRequestFailed(r -> trouble.add("failed " + r.url() + ": " + r.failure()));
        page.onPageError(error -> trouble.add("script error: " + error));
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                trouble.add("console: " + m.text());
            }
        });
        return trouble;
    }
}
