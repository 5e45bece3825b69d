package org.microconversions.interceptors.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;

import java.math.BigDecimal;

/** The stand-in server's checkout: a purchase (macro, so durable by default) carrying its order id. */
@ApplicationScoped
public class CheckoutBean {

    @Inject
    MicroConversions conversions;

    @MicroConversion(value = "purchase", kind = Kind.MACRO)
    public void placeOrder(String orderId) {
        conversions.current().orElseThrow().value(new BigDecimal("19.90"), "EUR").attribute("order_id", orderId);
    }

    @MicroConversion("add-to-cart")
    public void addToCart(String sku) {
        conversions.current().orElseThrow().attribute("order_id", sku);
    }
}
