package it.plain;

import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop's own WAR, as small as it gets: the library jars the storefront WAR carries, a JAX-RS
 * application at {@code /api} with one probe resource, and the shop's
 * {@code microprofile-config.properties}. No web.xml, no security constraint; the server
 * (src/test/liberty/plain) has no appSecurity.
 */
final class PlainShop {

    /** Every GET of the insights API. */
    static final List<String> INSIGHTS = List.of("funnels", "funnels/checkout", "channels", "lift", "experiments",
            "experiments/product_layout", "experiments/product_layout/goals", "timeseries");

    private PlainShop() {
    }

    /**
     * @param name   the WAR's name, which is its context root in dropins
     * @param config the shop's MicroProfile Config properties
     * @return the WAR
     */
    static WebArchive war(String name, String config) {
        File storefront = new File("target/storefront-demo.war");
        if (!storefront.isFile()) {
            throw new IllegalStateException(storefront.getAbsolutePath() + " is missing: run the package phase first");
        }
        WebArchive source = ShrinkWrap.createFromZipFile(WebArchive.class, storefront);
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(PlainApplication.class, PingResource.class)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
        Map<ArchivePath, Node> libs = source.getContent(Filters.include("/WEB-INF/lib/(?!chart\\.js).*\\.jar"));
        assertThat(libs.keySet().toString()).contains("interceptors-", "events-api-");
        libs.forEach((path, node) -> war.add(node.getAsset(), path));
        return war;
    }

    /** @return the base URI of a WAR deployed to dropins */
    static String baseUri(String name) {
        return "http://localhost:" + System.getProperty("http.port", "9080") + "/" + name;
    }

    /** The premise of these tests: the server runs without any appSecurity feature. */
    static void assertNoAppSecurity() throws IOException {
        Path log = Path.of("target/liberty/wlp/usr/servers/storefrontPlain/logs/messages.log");
        String text = Files.readString(log);
        assertThat(text).as(log.toString()).contains("CWWKF0012I").contains("restfulWS-3.1")
                .doesNotContain("appSecurity");
    }
}
