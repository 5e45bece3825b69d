package org.microconversions.storefront.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A paid order (the payment is fake).
 *
 * @param id       order number
 * @param items    what was bought
 * @param total    amount paid, EUR
 * @param currency always EUR
 * @param name     buyer name
 * @param placedAt when
 */
public record Order(String id, List<LineItem> items, BigDecimal total, String currency, String name,
        Instant placedAt) {
}
