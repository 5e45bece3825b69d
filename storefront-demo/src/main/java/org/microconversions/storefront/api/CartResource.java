package org.microconversions.storefront.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;
import org.microconversions.storefront.catalog.Product;
import org.microconversions.storefront.shop.Checkout;
import org.microconversions.storefront.shop.Shop;

import java.util.List;

/** Wishlist, cart, buy-now and checkout: the steps between looking and buying. */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CartResource {

    @Inject
    Shop shop;
    @Inject
    Visitors visitors;
    @Inject
    MicroConversions conversions;

    @CookieParam(Visitors.COOKIE)
    String visitorCookie;

    private String visitor() {
        return visitors.id(visitorCookie);
    }

    private void sku(String productId, int quantity) {
        conversions.current().ifPresent(c -> c.attribute("sku", productId)
                .attribute("quantity", Integer.toString(quantity)));
    }

    @GET
    @Path("wishlist")
    public List<Product> wishlist() {
        return shop.wishlist(visitor());
    }

    @POST
    @Path("wishlist")
    @MicroConversion("add-to-wishlist")
    public List<Product> addToWishlist(Requests.Item item) {
        String productId = Requests.require(item).productId();
        List<Product> wishlist = shop.addToWishlist(visitor(), productId);
        conversions.current().ifPresent(c -> c.attribute("sku", productId));
        return wishlist;
    }

    @GET
    @Path("cart")
    public Shop.Cart cart() {
        return shop.cart(visitor());
    }

    @POST
    @Path("cart/items")
    @MicroConversion("add-to-cart")
    public Shop.Cart addToCart(Requests.Item item) {
        Requests.require(item);
        Shop.Cart cart = shop.addToCart(visitor(), item.productId(), item.quantity());
        sku(item.productId(), item.quantity() == null ? 1 : item.quantity());
        return cart;
    }

    @DELETE
    @Path("cart/items/{productId}")
    @MicroConversion("remove-from-cart")
    public Shop.Cart removeFromCart(@PathParam("productId") String productId) {
        Shop.Cart cart = shop.removeFromCart(visitor(), productId);
        conversions.current().ifPresent(c -> c.attribute("sku", productId));
        return cart;
    }

    @POST
    @Path("buy-now")
    @MicroConversion("buy-now")
    public Checkout buyNow(Requests.Item item) {
        Requests.require(item);
        Checkout checkout = shop.buyNow(visitor(), item.productId(), item.quantity());
        sku(item.productId(), item.quantity() == null ? 1 : item.quantity());
        return checkout;
    }

    @POST
    @Path("checkout")
    @Consumes(MediaType.WILDCARD) // no body
    @MicroConversion("proceed-to-checkout")
    public Checkout proceedToCheckout() {
        Checkout checkout = shop.checkoutCart(visitor());
        conversions.current().ifPresent(c -> c.attribute("items",
                Integer.toString(checkout.items().stream().mapToInt(i -> i.quantity()).sum())));
        return checkout;
    }

    @GET
    @Path("checkout")
    public Checkout currentCheckout() {
        Checkout checkout = shop.checkout(visitor());
        if (checkout == null) {
            throw org.microconversions.storefront.shop.ShopException
                    .notFound("no checkout in progress");
        }
        return checkout;
    }
}
