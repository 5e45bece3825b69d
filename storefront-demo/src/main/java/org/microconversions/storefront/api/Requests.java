package org.microconversions.storefront.api;

import org.microconversions.storefront.shop.ShopException;

/** Request bodies of the shop API. */
public final class Requests {

    private Requests() {
    }

    /** @throws ShopException 400 if the body is missing */
    static <T> T require(T body) {
        if (body == null) {
            throw ShopException.badRequest("request body required");
        }
        return body;
    }

    /**
     * A product and quantity: {@code {"productId": "stoneware-mug", "quantity": 2}}.
     *
     * @param productId product id
     * @param quantity  how many, default 1
     */
    public record Item(String productId, Integer quantity) {
    }

    /**
     * @param email e-mail address
     */
    public record Email(String email) {
    }

    /**
     * @param name     display name
     * @param email    e-mail address
     * @param password at least 8 characters
     */
    public record SignUp(String name, String email, String password) {
    }

    /**
     * @param name       buyer name
     * @param email      receipt address
     * @param address    shipping address
     * @param cardNumber fake card number: any Luhn-valid number is accepted except 4000 0000 0000 0002
     */
    public record Payment(String name, String email, String address, String cardNumber) {
    }
}
