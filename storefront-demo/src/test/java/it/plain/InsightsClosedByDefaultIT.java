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
 * A shop that adds the library and configures nothing, on a server without appSecurity: the
 * insights API, the beacon script and the collect endpoint are absent (404) to everyone.
 */
@ExtendWith(ArquillianExtension.class)
class InsightsClosedByDefaultIT {

    private static final String NAME = "plain-closed";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PlainShop.war(NAME, "# nothing: the library's defaults\n");
    }

    private static String base() {
        return PlainShop.baseUri(NAME);
    }

    @Test
    void theShopIsUpOnAServerWithoutAppSecurity() throws Exception {
        PlainShop.assertNoAppSecurity();
        Response r = RestAssured.given().baseUri(base()).get("/api/ping");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("pong");
    }

    @Test
    void insightsAre404ToEveryoneUnlessEnabled() {
        for (String path : PlainShop.INSIGHTS) {
            String url = "/api/microconversions/insights/" + path;
            Response anonymous = RestAssured.given().baseUri(base()).get(url);
            assertThat(anonymous.statusCode()).as("%s without credentials", url).isEqualTo(404);
            assertThat(anonymous.asString()).as(url).doesNotContain("channels", "funnels", "experiments");
            Response withCredentials = RestAssured.given().baseUri(base()).auth().preemptive()
                    .basic("analyst", "analyst").get(url);
            assertThat(withCredentials.statusCode()).as("%s with credentials", url).isEqualTo(404);
        }
    }

    @Test
    void theBeaconScriptIs404WhileCollectIsDisabled() {
        assertThat(RestAssured.given().baseUri(base()).get("/api/microconversions/beacon.js").statusCode())
                .as("the JAX-RS path").isEqualTo(404);
        assertThat(RestAssured.given().baseUri(base()).get("/microconversions/beacon.js").statusCode())
                .as("the static path a jar's META-INF/resources would serve").isEqualTo(404);
        assertThat(RestAssured.given().baseUri(base()).get("/api/microconversions/beacon-extras.js").statusCode())
                .as("its optional rules").isEqualTo(404);
        assertThat(RestAssured.given().baseUri(base()).get("/microconversions/beacon-extras.js").statusCode())
                .as("their static path").isEqualTo(404);
        assertThat(RestAssured.given().baseUri(base()).contentType("application/json").body("{\"events\":[]}")
                .post("/api/microconversions/collect").statusCode()).as("the collect endpoint").isEqualTo(404);
    }
}
