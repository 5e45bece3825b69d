package it.storefront;

import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One visitor: a REST Assured client that keeps its cookies, like a browser. */
final class ShopClient {

    private final CookieFilter cookies = new CookieFilter();
    private String visitorId;

    static String baseUri() {
        return "http://localhost:" + System.getProperty("http.port", "9080");
    }

    RequestSpecification request() {
        return RestAssured.given().baseUri(baseUri()).filter(cookies).accept(ContentType.JSON);
    }

    /** Opens the shop page, as a visitor arriving from a link; captures the visitor cookie. */
    ShopClient land(String pathAndQuery) {
        Response page = RestAssured.given().baseUri(baseUri()).filter(cookies).get(pathAndQuery);
        assertThat(page.statusCode()).as("GET %s", pathAndQuery).isEqualTo(200);
        assertThat(page.asString()).contains("Nordlicht");
        visitorId = page.getCookie("mc_vid");
        assertThat(visitorId).as("visitor cookie mc_vid set by the Micro Conversions filter").isNotBlank();
        return this;
    }

    /**
     * Opens a link exactly as written, escapes and all (REST Assured would encode a {@code %00}
     * again), as a visitor clicking a hostile link does.
     */
    Response getRaw(String pathAndQuery) {
        Response r = RestAssured.given().baseUri(baseUri()).urlEncodingEnabled(false).filter(cookies)
                .accept(ContentType.JSON).get(pathAndQuery);
        if (visitorId == null) {
            visitorId = r.getCookie("mc_vid");
        }
        return r;
    }

    String visitorId() {
        return visitorId;
    }

    Response postJson(String path, Object body) {
        return request().contentType(ContentType.JSON).body(body).post(path);
    }

    /** The visitor's recorded conversions, from GET /api/me/conversions. */
    List<Map<String, Object>> conversions() {
        return request().get("/api/me/conversions").then().statusCode(200).extract().jsonPath().getList("$");
    }
}
