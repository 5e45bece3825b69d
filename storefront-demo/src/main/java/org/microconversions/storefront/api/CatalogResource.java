package org.microconversions.storefront.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;
import org.microconversions.storefront.catalog.Catalog;
import org.microconversions.storefront.catalog.Category;
import org.microconversions.storefront.catalog.Product;
import org.microconversions.storefront.shop.Shop;
import org.microconversions.storefront.shop.ShopException;

import java.util.List;

/** Browsing: the catalog (not tracked) and the product page ({@code view-product}). */
@RequestScoped
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    @Inject
    Catalog catalog;
    @Inject
    Shop shop;
    @Inject
    MicroConversions conversions;

    @GET
    @Path("categories")
    public List<Category> categories() {
        return catalog.categories();
    }

    @GET
    @Path("products")
    public List<Product> products(@QueryParam("q") String query, @QueryParam("category") String category) {
        if (query != null && query.length() > 100) {
            throw ShopException.badRequest("search text must be at most 100 characters");
        }
        if (category != null && !category.isBlank() && !catalog.hasCategory(category)) {
            throw ShopException.notFound("no category '" + category + "'");
        }
        return catalog.search(query, category);
    }

    @GET
    @Path("products/{id}")
    @MicroConversion("view-product")
    public Product product(@PathParam("id") String id) {
        Product product = shop.product(id);
        conversions.current().ifPresent(c -> c.attribute("sku", product.id())
                .attribute("category", product.category()));
        return product;
    }
}
