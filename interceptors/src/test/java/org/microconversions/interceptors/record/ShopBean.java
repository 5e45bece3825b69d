package org.microconversions.interceptors.record;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An application-scoped shop bean with the uses the tests check. */
@ApplicationScoped
public class ShopBean {

    @Inject
    MicroConversions conversions;

    @MicroConversion("add-to-cart")
    public String addToCart(String sku) {
        return sku;
    }

    @MicroConversion("add-to-cart")
    public void addToCartFailing() {
        throw new IllegalStateException("out of stock");
    }

    @MicroConversion(value = "purchase", kind = Kind.MACRO)
    public void purchase(BigDecimal total) {
        conversions.current().orElseThrow().value(total, "EUR").attribute("items", "2");
    }

    @MicroConversion("newsletter-signup")
    public boolean signUp(boolean reallySignedUp) {
        if (!reallySignedUp) {
            conversions.current().orElseThrow().cancel();
        }
        return reallySignedUp;
    }

    @MicroConversion("async-step")
    public CompletionStage<String> later(CompletableFuture<String> result) {
        return result;
    }

    public boolean insideAnnotatedMethod() {
        return conversions.current().isPresent();
    }
}
