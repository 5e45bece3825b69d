package org.microconversions.storefront.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;
import org.microconversions.storefront.shop.Accounts;
import org.microconversions.storefront.shop.Order;
import org.microconversions.storefront.shop.Shop;
import org.microconversions.storefront.shop.ShopException;

/** Placing the order: the macro conversion {@code purchase}, valued at the order total. */
@RequestScoped
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    /** The test card that is always declined. */
    public static final String DECLINED_CARD = "4000000000000002";

    @Inject
    Shop shop;
    @Inject
    Visitors visitors;
    @Inject
    MicroConversions conversions;

    @CookieParam(Visitors.COOKIE)
    String visitorCookie;

    @POST
    @MicroConversion(value = "purchase", kind = Kind.MACRO)
    public Response placeOrder(Requests.Payment payment) {
        Requests.require(payment);
        String name = payment.name() == null ? "" : payment.name().trim();
        if (name.isEmpty() || name.length() > 100) {
            throw ShopException.badRequest("name must be 1 to 100 characters");
        }
        Accounts.requireEmail(payment.email());
        if (payment.address() == null || payment.address().isBlank() || payment.address().length() > 300) {
            throw ShopException.badRequest("shipping address must be 1 to 300 characters");
        }
        String card = payment.cardNumber() == null ? "" : payment.cardNumber().replaceAll("[\\s-]", "");
        if (!card.matches("\\d{12,19}") || !luhn(card)) {
            throw ShopException.badRequest("card number is not valid");
        }
        if (card.equals(DECLINED_CARD)) {
            throw new ShopException(402, "card declined by the (fake) bank");
        }
        Order order = shop.placeOrder(visitors.id(visitorCookie), name);
        conversions.current().ifPresent(c -> c.value(order.total(), "EUR")
                .attribute("order_id", order.id())
                .attribute("items", Integer.toString(order.items().stream().mapToInt(i -> i.quantity()).sum())));
        return Response.status(Response.Status.CREATED).entity(order).build();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
