package org.microconversions.storefront.catalog;

/**
 * A product category.
 *
 * @param id   slug used in filters
 * @param name display name
 */
public record Category(String id, String name) {
}
