package org.microconversions.storefront.api;

/**
 * The body of every error response: {@code {"error": "reason"}}.
 *
 * @param error what went wrong, for the visitor
 */
public record ErrorBody(String error) {
}
