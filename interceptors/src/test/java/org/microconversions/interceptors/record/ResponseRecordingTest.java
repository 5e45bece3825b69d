package org.microconversions.interceptors.record;

import org.eclipse.microprofile.metrics.Tag;
import org.jboss.weld.context.bound.BoundRequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;

import javax.sql.DataSource;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The JAX-RS filter's semantics, driven as the runtime drives it: the resource method runs
 * through its CDI proxy (the interceptor hands over), then the response filter sees the status.
 */
class ResponseRecordingTest {

    private DataSource db;
    private TestContainer container;
    private BoundRequestContext request;
    private Map<String, Object> storage;
    private ResponseRecording filter;

    @BeforeEach
    void start() {
        db = Databases.derby();
        container = TestContainer.builder(db).config("microconversions.flush-interval", "50ms")
                .beans(CartResource.class).start();
        request = container.bean(BoundRequestContext.class);
        storage = new HashMap<>();
        request.associate(storage);
        request.activate();
        filter = container.bean(Recorder.class).responses();
    }

    @AfterEach
    void stop() {
        request.invalidate();
        request.deactivate();
        request.dissociate(storage);
        container.close();
    }

    private static Method method(String name, Class<?>... params) throws NoSuchMethodException {
        return CartResource.class.getMethod(name, params);
    }

    @Test
    void theFilterHoldsTheRecorderInstanceNotItsClientProxy() {
        // Weld hands a client proxy back for a bean method that returns this, so a "direct" handle
        // must be another object, bound to the instance: else every response pays proxy hops
        Recorder proxy = container.bean(Recorder.class);
        assertThat(proxy.getClass().getName()).contains("Proxy");
        assertThat(filter.recorder().getClass().getName()).doesNotContain("Proxy");
        assertThat(filter.recorder()).isNotSameAs(proxy);
    }

    @Test
    void resourceMethodIsRecordedByTheFilterOnlyForA2xxResponse() throws Exception {
        CartResource cart = container.bean(CartResource.class);

        filter.requestStarted();
        cart.add("sku-1");
        assertThat(TestContainer.hasCounter("microconversions.conversions", new Tag("name", "add-to-cart"),
                new Tag("kind", "micro"))).as("not recorded before the response").isFalse();
        filter.responded(method("add", String.class), 201);

        filter.requestStarted();
        cart.add("sku-2");
        filter.responded(method("add", String.class), 409); // e.g. a later filter turned it into a conflict

        assertThat(TestContainer.conversions("add-to-cart", "micro")).isEqualTo(1);
        assertThat(TestContainer.counter("microconversions.failures", new Tag("name", "add-to-cart"),
                new Tag("exception", "http_4xx"))).isEqualTo(1);
        // the HELP text says what is counted: a non-2xx answer is a failure too, not only a throw
        assertThat(io.smallrye.metrics.SharedMetricRegistries.getOrCreate(
                org.eclipse.microprofile.metrics.MetricRegistry.APPLICATION_SCOPE)
                .getMetadata("microconversions.failures").description().orElse(""))
                .contains("threw").contains("non-2xx");
    }

    @Test
    void exceptionMappedToAnErrorResponseIsCountedOnceWithItsType() throws Exception {
        CartResource cart = container.bean(CartResource.class);

        filter.requestStarted();
        assertThatThrownBy(() -> cart.add("unknown"));
        filter.responded(method("add", String.class), 404);

        assertThat(TestContainer.counter("microconversions.failures", new Tag("name", "add-to-cart"),
                new Tag("exception", "IllegalArgumentException"))).isEqualTo(1);
        assertThat(TestContainer.hasCounter("microconversions.failures", new Tag("name", "add-to-cart"),
                new Tag("exception", "http_4xx"))).isFalse();
    }

    @Test
    void detailsSetInsideTheResourceMethodReachTheStoredConversion() throws Exception {
        CartResource cart = container.bean(CartResource.class);

        filter.requestStarted();
        cart.order();
        filter.responded(method("order"), 200);

        assertThat(TestContainer.conversions("purchase", "macro")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);
        assertThat(Databases.rows(db, "SELECT name, CAST(value AS DECIMAL(10,2)), currency FROM mc_event"))
                .containsExactly(List.of("purchase", "20.00", "EUR"));
    }

    @Test
    void resourceThatIsNotACdiBeanIsStillRecordedFromItsAnnotation() throws Exception {
        filter.requestStarted();
        filter.responded(PlainResource.class.getMethod("share"), 204);

        assertThat(TestContainer.conversions("share", "micro")).isEqualTo(1);
    }

    /** Not a CDI bean: only the filter sees it. */
    public static class PlainResource {
        @jakarta.ws.rs.POST
        @org.microconversions.api.MicroConversion("share")
        public void share() {
        }
    }
}
