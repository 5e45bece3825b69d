package it.storefront;

import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A durable conversion recorded inside a JTA transaction ({@code @Transactional}), on REAL Open
 * Liberty servers with embedded Derby and {@code durable.join-transaction=auto}: with the library's
 * data source declared as {@code type="javax.sql.XADataSource"} (configuration.md, "Joining the
 * shop's transaction on Liberty") the library detects it through Liberty's wrapper and writes the
 * conversion in the transaction; with the default one-phase data source it writes it right after
 * the commit. Either way the call returns with the conversion committed exactly once, and a rolled
 * back transaction leaves none.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DurableInTransactionLibertyIT {

    private static final Path LOGS = LibertyProcess.TARGET.resolve("durable-in-transaction-it");
    private static final String XA_DATA_SOURCE = """
            <dataSource id="microconversions" jndiName="jdbc/microconversions" type="javax.sql.XADataSource">
                    <jdbcDriver libraryRef="microconversionsJdbc"/>
                    <connectionManager maxPoolSize="${mc.db.pool.max}" minPoolSize="0" connectionTimeout="10s"/>
                    <properties.derby.embedded databaseName="${mc.derby.dir}" createDatabase="create"
                                               user="${mc.db.user}" password="${mc.db.password}"/>
                </dataSource>""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void laidOut() {
        LibertyProcess.assertLaidOut();
    }

    @Test
    void withAnXaDataSourceTheDurableConversionIsWrittenInTheTransactionExactlyOnce() throws Exception {
        onServer("durableXa", xml -> {
            int from = xml.indexOf("<dataSource id=\"microconversions\"");
            int to = xml.indexOf("</dataSource>", from) + "</dataSource>".length();
            assertThat(from).as("the include's data source").isPositive();
            return xml.substring(0, from) + XA_DATA_SOURCE + xml.substring(to);
        }, "Durable conversions inside a JTA transaction are written in that transaction");
    }

    @Test
    void withTheDefaultDataSourceTheDurableConversionIsWrittenRightAfterTheCommitExactlyOnce() throws Exception {
        onServer("durableOnePhase", UnaryOperator.identity(),
                "Durable conversions inside a JTA transaction are written after it commits");
    }

    /** A server with the probe deployed and its include edited: it logs {@code joinMode}, and commits exactly once. */
    private void onServer(String prefix, UnaryOperator<String> include, String joinMode) throws Exception {
        String name = prefix + ProcessHandle.current().pid();
        try (LibertyProcess server = new LibertyProcess(name, LOGS)) {
            server.create(List.of(), List.of());
            server.editInclude(include);
            server.deploy(Deployments.storefrontWithProbe());
            server.start(http, "start");

            assertThat(server.messages()).contains(joinMode);
            commitsExactlyOnceAndRollsBack(server.base);
        }
        new LibertyProcess(name, LOGS).delete(); // passed: a failing run keeps the server to look at
    }

    private static void commitsExactlyOnceAndRollsBack(String base) throws InterruptedException {
        CookieFilter cookies = new CookieFilter();
        visitor(base, cookies).get("/").then().statusCode(200);

        visitor(base, cookies).post("/api/test-probe/durable-commit").then().statusCode(200);
        assertThat(durable(base, cookies)).as("committed when the call returned").isEqualTo(1);

        visitor(base, cookies).post("/api/test-probe/durable-rollback").then().statusCode(200)
                .body("rolledBack", equalTo(true));
        Thread.sleep(3_000); // three flush intervals: a second copy, or the rolled-back one, would be written by now
        assertThat(durable(base, cookies)).as("still exactly one: no second write, nothing of the rollback")
                .isEqualTo(1);
    }

    private static RequestSpecification visitor(String base, CookieFilter cookies) {
        return RestAssured.given().baseUri(base).filter(cookies).accept(ContentType.JSON);
    }

    private static long durable(String base, CookieFilter cookies) {
        List<Map<String, Object>> rows = visitor(base, cookies).get("/api/me/conversions").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return rows.stream().filter(r -> "probe-durable".equals(r.get("name"))).count();
    }
}
