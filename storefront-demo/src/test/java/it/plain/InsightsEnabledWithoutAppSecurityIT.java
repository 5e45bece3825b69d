package it.plain;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop that turns insights and the beacon on but forgets appSecurity: Liberty ignores
 * {@code @RolesAllowed}, so nobody can be authenticated; the library's own check answers 401 to
 * every request, whatever credentials it carries, and never hands out a report.
 */
@ExtendWith(ArquillianExtension.class)
class InsightsEnabledWithoutAppSecurityIT {

    private static final String NAME = "plain-open";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PlainShop.war(NAME, "microconversions.insights.enabled=true\nmicroconversions.collect.enabled=true\n");
    }

    private static String base() {
        return PlainShop.baseUri(NAME);
    }

    @Test
    void insightsNeedAnAuthenticatedCallerInTheRole() throws Exception {
        PlainShop.assertNoAppSecurity();
        for (String path : PlainShop.INSIGHTS) {
            String url = "/api/microconversions/insights/" + path;
            Response anonymous = RestAssured.given().baseUri(base()).get(url);
            assertThat(anonymous.statusCode()).as("%s without credentials", url).isEqualTo(401);
            assertThat(anonymous.header("Cache-Control")).as(url).startsWith("no-store");
            assertThat(anonymous.asString()).as(url).contains("microconversions-insights")
                    .doesNotContain("\"channels\"", "\"funnels\"", "\"visitors\"");
            for (String[] login : new String[][]{{"analyst", "analyst"}, {"analyst", "wrong"}, {"admin", "admin"}}) {
                Response r = RestAssured.given().baseUri(base()).auth().preemptive().basic(login[0], login[1]).get(url);
                assertThat(r.statusCode()).as("%s as %s:%s", url, login[0], login[1]).isIn(401, 403);
                assertThat(r.asString()).as(url).doesNotContain("\"channels\"", "\"funnels\"", "\"visitors\"");
            }
        }
    }

    @Test
    void theBeaconScriptIsServedOnlyByTheEnabledEndpoint() {
        Response script = RestAssured.given().baseUri(base()).get("/api/microconversions/beacon.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("application/javascript");
        assertThat(script.asString()).contains("sendBeacon");
        assertThat(RestAssured.given().baseUri(base()).get("/microconversions/beacon.js").statusCode())
                .as("no static copy beside the endpoint").isEqualTo(404);
        Response extras = RestAssured.given().baseUri(base()).get("/api/microconversions/beacon-extras.js");
        assertThat(extras.statusCode()).isEqualTo(200);
        assertThat(extras.asString()).contains("click-to-call");
        assertThat(RestAssured.given().baseUri(base()).get("/microconversions/beacon-extras.js").statusCode())
                .as("no static copy of the optional rules").isEqualTo(404);
    }
}
