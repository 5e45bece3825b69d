package it.storefront;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form POST keeps its body for the application: with the library deployed and visitor capture on
 * (the default), a plain servlet of the shop (test-only {@code BodyLengthServlet}) still reads all
 * 1,000 bytes of an {@code application/x-www-form-urlencoded} body, also when the URL carries
 * utm_ parameters that the capture filter reads for the channel.
 */
@ExtendWith(ArquillianExtension.class)
class FormBodyIT {

    private static final int BODY_BYTES = 1_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefrontWithBodyProbe();
    }

    @ParameterizedTest(name = "POST /test-probe/body-length{0}")
    @ValueSource(strings = {"", "?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale"})
    void theServletReadsTheWholeFormBody(String query) throws IOException, InterruptedException {
        String body = formBody(BODY_BYTES);
        assertThat(body.getBytes(StandardCharsets.US_ASCII)).hasSize(BODY_BYTES);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(ShopClient.baseUri() + "/test-probe/body-length" + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the capture filter ran in front of the servlet: a new visitor got the visitor cookie
        assertThat(response.headers().allValues("Set-Cookie")).as("Set-Cookie")
                .anySatisfy(c -> assertThat(c).startsWith("mc_vid="));
        if (!query.isEmpty()) {
            // ... and took the channel from the URL's utm_ parameters
            assertThat(response.headers().allValues("Set-Cookie")).as("Set-Cookie")
                    .anySatisfy(c -> assertThat(c).startsWith("mc_ch=").contains("newsletter"));
        }
        assertThat(response.body().trim()).as("bytes the servlet read").isEqualTo(String.valueOf(BODY_BYTES));
    }

    /** @return a form of exactly {@code bytes} ASCII bytes: a few fields and a padded note */
    private static String formBody(int bytes) {
        StringBuilder form = new StringBuilder("name=Ana+Silva&email=ana%40example.com&size=M&note=");
        while (form.length() < bytes) {
            form.append((char) ('a' + form.length() % 26));
        }
        return form.toString();
    }
}
