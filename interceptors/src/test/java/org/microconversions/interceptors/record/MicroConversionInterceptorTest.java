package org.microconversions.interceptors.record;

import org.eclipse.microprofile.metrics.Tag;
import org.jboss.weld.context.bound.BoundRequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.microconversions.interceptors.support.TestContainer.conversions;
import static org.microconversions.interceptors.support.TestContainer.counter;

class MicroConversionInterceptorTest {

    private DataSource db;
    private TestContainer container;
    private ShopBean shop;

    @BeforeEach
    void start() {
        db = Databases.derby();
        container = TestContainer.builder(db).config("microconversions.flush-interval", "50ms")
                .beans(ShopBean.class, WishlistBean.class).start();
        shop = container.bean(ShopBean.class);
    }

    @AfterEach
    void stop() {
        CurrentVisitor.clear();
        container.close();
    }

    private void awaitRows(long expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == expected);
    }

    @Test
    void recordsEachSuccessfulCallAsOneConversion() {
        shop.addToCart("sku-1");
        shop.addToCart("sku-2");
        shop.addToCart("sku-3");

        assertThat(conversions("add-to-cart", "micro")).isEqualTo(3);
        awaitRows(3);
        assertThat(Databases.rows(db, "SELECT name, kind, origin FROM mc_event"))
                .containsOnly(List.of("add-to-cart", "micro", "ShopBean#addToCart"));
    }

    @Test
    void afterAnnotatedCallsTheThreadKeepsNoLibraryObject() {
        shop.addToCart("sku-1");
        shop.purchase(new BigDecimal("10.00")); // adds details to its frame
        assertThatThrownBy(shop::addToCartFailing).isInstanceOf(IllegalStateException.class);
        CallStackTest.assertOnlyJdkObjects(CallStack.current());
    }

    @Test
    void callThatThrowsIsCountedAsFailureNotConversion() {
        shop.addToCart("sku-1");
        assertThatThrownBy(shop::addToCartFailing).isInstanceOf(IllegalStateException.class)
                .hasMessage("out of stock");

        assertThat(conversions("add-to-cart", "micro")).isEqualTo(1);
        assertThat(counter("microconversions.failures", new Tag("name", "add-to-cart"),
                new Tag("exception", "IllegalStateException"))).isEqualTo(1);
        awaitRows(1);
    }

    @Test
    void classLevelBindingRecordsEveryMethodWithDerivedNamesOnRequestScopedBean() {
        BoundRequestContext request = container.bean(BoundRequestContext.class);
        Map<String, Object> storage = new HashMap<>();
        request.associate(storage);
        request.activate();
        try {
            WishlistBean wishlist = container.bean(WishlistBean.class);
            wishlist.addToWishlist();
            wishlist.share();
        } finally {
            request.invalidate();
            request.deactivate();
            request.dissociate(storage);
        }
        assertThat(conversions("add-to-wishlist", "micro")).isEqualTo(1);
        assertThat(conversions("wishlist-share", "micro")).isEqualTo(1);
        awaitRows(2);
    }

    @Test
    void annotatedMethodSetsValueOfItsOwnConversion() {
        shop.purchase(new BigDecimal("59.90"));

        assertThat(conversions("purchase", "macro")).isEqualTo(1);
        awaitRows(1);
        assertThat(Databases.rows(db,
                "SELECT name, kind, CAST(value AS DECIMAL(10,2)), currency, attributes FROM mc_event"))
                .containsExactly(List.of("purchase", "macro", "59.90", "EUR", "{\"items\":\"2\"}"));
    }

    @Test
    void cancelledConversionIsNotRecorded() {
        shop.signUp(false);
        shop.signUp(true);

        assertThat(conversions("newsletter-signup", "micro")).isEqualTo(1);
        awaitRows(1);
    }

    @Test
    void currentIsEmptyOutsideAnnotatedMethods() {
        assertThat(shop.insideAnnotatedMethod()).isFalse();
        assertThat(container.bean(MicroConversions.class).current()).isEmpty();
    }

    @Test
    void asyncResultIsRecordedWhenItCompletesNormally() {
        CompletableFuture<String> ok = new CompletableFuture<>();
        CompletableFuture<String> bad = new CompletableFuture<>();
        shop.later(ok);
        shop.later(bad);
        assertThat(TestContainer.hasCounter("microconversions.conversions", new Tag("name", "async-step"),
                new Tag("kind", "micro"))).isFalse();

        ok.complete("done");
        bad.completeExceptionally(new IllegalArgumentException("declined"));

        assertThat(conversions("async-step", "micro")).isEqualTo(1);
        assertThat(counter("microconversions.failures", new Tag("name", "async-step"),
                new Tag("exception", "IllegalArgumentException"))).isEqualTo(1);
    }

    @Test
    void programmaticApiRecordsWithVisitorChannelAndDetails() {
        CurrentVisitor.set(new VisitorContext("visitor-0123456789", "session-0123456789", null,
                new Channel("newsletter", "email", "spring"), Map.of("layout", "b")));
        MicroConversions api = container.bean(MicroConversions.class);

        api.record("video-play");
        api.conversion("share").attribute("network", "email").userId("u-42").record();

        assertThat(conversions("video-play", "micro")).isEqualTo(1);
        assertThat(conversions("share", "micro")).isEqualTo(1);
        awaitRows(2);
        assertThat(Databases.rows(db, "SELECT name, visitor_id, session_id, user_id, source, medium, campaign,"
                + " variants, attributes, origin FROM mc_event ORDER BY id"))
                .containsExactly(
                        Arrays.asList("video-play", "visitor-0123456789", "session-0123456789", nullString(),
                                "newsletter",
                                "email", "spring", "{\"layout\":\"b\"}", nullString(), "api"),
                        // user ids are dropped unless microconversions.privacy.user-id says otherwise
                        Arrays.asList("share", "visitor-0123456789", "session-0123456789", nullString(), "newsletter",
                                "email", "spring", "{\"layout\":\"b\"}", "{\"network\":\"email\"}", "api"));
    }

    @Test
    void programmaticApiRejectsInvalidNamesAndDetails() {
        MicroConversions api = container.bean(MicroConversions.class);
        assertThatThrownBy(() -> api.record("Add To Cart")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid conversion name 'Add To Cart'");
        assertThatThrownBy(() -> api.conversion("purchase").kind(Kind.MACRO)
                .value(BigDecimal.TEN, "EURO").record()).isInstanceOf(IllegalArgumentException.class);
    }

    private static String nullString() {
        return null;
    }
}
