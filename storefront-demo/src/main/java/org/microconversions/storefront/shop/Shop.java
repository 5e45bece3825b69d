package org.microconversions.storefront.shop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.storefront.catalog.Catalog;
import org.microconversions.storefront.catalog.Product;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Carts, wishlists, checkouts and orders of every visitor, in memory, keyed by visitor id. Keeps
 * at most {@value #MAX_VISITORS} visitors, forgetting the least recently active of a stripe first,
 * so a load test cannot exhaust memory.
 */
@ApplicationScoped
public class Shop {

    /** Visitors kept in memory; the least recently active is forgotten first. */
    public static final int MAX_VISITORS = 50_000;
    /** Largest quantity of one product per request and per cart line. */
    public static final int MAX_QUANTITY = 99;
    /** Orders from this amount ship free. */
    public static final BigDecimal FREE_SHIPPING_FROM = new BigDecimal("50.00");
    /** Shipping below {@link #FREE_SHIPPING_FROM}. */
    public static final BigDecimal SHIPPING = new BigDecimal("4.90");

    /**
     * Visitors in {@value #STRIPES} least-recently-used maps by hash, each under its own lock: one
     * map under one lock made every request of the shop queue on it, and under load that convoy,
     * not the shop's work, set the throughput (and the tracking ON/OFF benchmark's noise).
     */
    private static final int STRIPES = 16;

    @SuppressWarnings("unchecked")
    private final Map<String, VisitorState>[] visitors = new Map[STRIPES];

    {
        for (int i = 0; i < STRIPES; i++) {
            visitors[i] = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, VisitorState> eldest) {
                    return size() > MAX_VISITORS / STRIPES;
                }
            });
        }
    }

    @Inject
    Catalog catalog;

    private <T> T with(String visitorId, Function<VisitorState, T> action) {
        VisitorState state = visitors[Math.floorMod(visitorId.hashCode(), STRIPES)]
                .computeIfAbsent(visitorId, id -> new VisitorState());
        synchronized (state) {
            return action.apply(state);
        }
    }

    /** @throws ShopException 404 if the product does not exist */
    public Product product(String productId) {
        return catalog.find(productId)
                .orElseThrow(() -> ShopException.notFound("no product with id '" + productId + "'"));
    }

    private static int quantity(Integer quantity) {
        int q = quantity == null ? 1 : quantity;
        if (q <= 0) {
            throw ShopException.badRequest("quantity must be at least 1");
        }
        if (q > MAX_QUANTITY) {
            throw ShopException.badRequest("quantity must be at most " + MAX_QUANTITY);
        }
        return q;
    }

    /** @return the wishlist's products */
    public List<Product> wishlist(String visitorId) {
        return with(visitorId, s -> s.wishlist.stream().map(this::product).toList());
    }

    /** Adds to the wishlist (no-op if already there). @return the wishlist */
    public List<Product> addToWishlist(String visitorId, String productId) {
        product(productId);
        return with(visitorId, s -> {
            s.wishlist.add(productId);
            return s.wishlist.stream().map(this::product).toList();
        });
    }

    /** @return the cart */
    public Cart cart(String visitorId) {
        return with(visitorId, this::cartOf);
    }

    /** Adds a quantity of a product to the cart. @return the cart */
    public Cart addToCart(String visitorId, String productId, Integer quantity) {
        product(productId);
        int q = quantity(quantity);
        return with(visitorId, s -> {
            int total = s.cart.getOrDefault(productId, 0) + q;
            if (total > MAX_QUANTITY) {
                throw ShopException.badRequest("at most " + MAX_QUANTITY + " of one product per order");
            }
            s.cart.put(productId, total);
            return cartOf(s);
        });
    }

    /** Removes a product from the cart. @return the cart */
    public Cart removeFromCart(String visitorId, String productId) {
        product(productId);
        return with(visitorId, s -> {
            if (s.cart.remove(productId) == null) {
                throw ShopException.notFound("'" + productId + "' is not in your cart");
            }
            return cartOf(s);
        });
    }

    /** Starts a checkout of the whole cart. @throws ShopException 409 if the cart is empty */
    public Checkout checkoutCart(String visitorId) {
        return with(visitorId, s -> {
            if (s.cart.isEmpty()) {
                throw ShopException.conflict("your cart is empty");
            }
            s.checkout = checkoutOf(lines(s.cart), true);
            return s.checkout;
        });
    }

    /** Starts a checkout of one product, leaving the cart alone. */
    public Checkout buyNow(String visitorId, String productId, Integer quantity) {
        product(productId);
        int q = quantity(quantity);
        return with(visitorId, s -> {
            s.checkout = checkoutOf(lines(Map.of(productId, q)), false);
            return s.checkout;
        });
    }

    /** @return the checkout in progress, or null */
    public Checkout checkout(String visitorId) {
        return with(visitorId, s -> s.checkout);
    }

    /**
     * Pays the checkout in progress.
     *
     * @throws ShopException 409 if there is no checkout in progress
     */
    public Order placeOrder(String visitorId, String buyerName) {
        return with(visitorId, s -> {
            Checkout c = s.checkout;
            if (c == null) {
                throw ShopException.conflict("no checkout in progress: proceed to checkout first");
            }
            Order order = new Order("MC-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(),
                    c.items(), c.total(), "EUR", buyerName, Instant.now());
            s.orders.add(order);
            s.checkout = null;
            if (c.fromCart()) {
                s.cart.clear();
            }
            return order;
        });
    }

    private List<LineItem> lines(Map<String, Integer> quantities) {
        List<LineItem> lines = new ArrayList<>(quantities.size());
        quantities.forEach((id, q) -> {
            Product p = product(id);
            lines.add(new LineItem(id, p.name(), p.price(), q,
                    p.price().multiply(BigDecimal.valueOf(q)).setScale(2, RoundingMode.HALF_UP)));
        });
        return List.copyOf(lines);
    }

    private static BigDecimal subtotal(List<LineItem> lines) {
        return lines.stream().map(LineItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_UP);
    }

    private Cart cartOf(VisitorState s) {
        List<LineItem> lines = lines(s.cart);
        int count = lines.stream().mapToInt(LineItem::quantity).sum();
        return new Cart(lines, count, subtotal(lines), s.wishlist.size());
    }

    private static Checkout checkoutOf(List<LineItem> lines, boolean fromCart) {
        BigDecimal subtotal = subtotal(lines);
        BigDecimal shipping = subtotal.compareTo(FREE_SHIPPING_FROM) >= 0
                ? BigDecimal.ZERO.setScale(2)
                : SHIPPING;
        return new Checkout(UUID.randomUUID().toString(), lines, subtotal, shipping,
                subtotal.add(shipping), fromCart);
    }

    /**
     * A cart.
     *
     * @param items         lines
     * @param count         number of items (sum of quantities)
     * @param subtotal      sum of the lines, EUR
     * @param wishlistCount products on the wishlist
     */
    public record Cart(List<LineItem> items, int count, BigDecimal subtotal, int wishlistCount) {
    }
}
