package org.microconversions.storefront.shop;

import java.math.BigDecimal;
import java.util.List;

/**
 * A checkout in progress: what the visitor is about to pay for.
 *
 * @param id       checkout id
 * @param items    what is bought
 * @param subtotal sum of the lines
 * @param shipping shipping cost
 * @param total    subtotal + shipping, EUR
 * @param fromCart true when started from the cart (the cart empties after payment), false for buy-now
 */
public record Checkout(String id, List<LineItem> items, BigDecimal subtotal, BigDecimal shipping,
        BigDecimal total, boolean fromCart) {
}
