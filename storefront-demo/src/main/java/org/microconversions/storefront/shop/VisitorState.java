package org.microconversions.storefront.shop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One visitor's cart, wishlist, checkout and orders. Guarded by its own monitor. */
public final class VisitorState {

    /** product id to quantity, in the order added */
    final Map<String, Integer> cart = new LinkedHashMap<>();
    final Set<String> wishlist = new LinkedHashSet<>();
    Checkout checkout;
    final List<Order> orders = new ArrayList<>();
}
