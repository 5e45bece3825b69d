package org.microconversions.storefront.catalog;

import java.math.BigDecimal;

/**
 * A product of the demo shop.
 *
 * @param id          stable slug, used in URLs
 * @param name        display name
 * @param category    category slug
 * @param price       price in EUR, VAT included
 * @param summary     one line for the product card
 * @param description a paragraph for the product page
 * @param art         which drawing the page shows (see js/art.js)
 * @param color       main colour of the drawing
 * @param accent      second colour of the drawing
 * @param rating      average review, 0 to 5
 * @param reviews     number of reviews
 * @param badge       a small label ("New", "Bestseller"), or null
 */
public record Product(String id, String name, String category, BigDecimal price, String summary,
        String description, String art, String color, String accent, double rating,
        int reviews, String badge) {
}
