package org.microconversions.storefront.shop;

import java.math.BigDecimal;

/**
 * A product and quantity in a cart, checkout or order.
 *
 * @param productId product id
 * @param name      product name
 * @param unitPrice price of one, EUR
 * @param quantity  how many
 * @param lineTotal unitPrice x quantity
 */
public record LineItem(String productId, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
}
