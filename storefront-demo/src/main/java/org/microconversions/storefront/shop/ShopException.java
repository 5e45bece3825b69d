package org.microconversions.storefront.shop;

/**
 * A request the shop refuses, with the HTTP status and a reason the visitor can read. Mapped to
 * {@code {"error": reason}} by {@link org.microconversions.storefront.api.ShopExceptionMapper}.
 */
public class ShopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status HTTP status, 4xx
     * @param reason shown to the visitor
     */
    public ShopException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    public static ShopException badRequest(String reason) {
        return new ShopException(400, reason);
    }

    public static ShopException notFound(String reason) {
        return new ShopException(404, reason);
    }

    public static ShopException conflict(String reason) {
        return new ShopException(409, reason);
    }
}
