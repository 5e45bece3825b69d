package org.microconversions.storefront.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The demo shop's products: fixed, in memory. */
@ApplicationScoped
public class Catalog {

    private static final List<Category> CATEGORIES = List.of(
            new Category("kitchen", "Kitchen"),
            new Category("home", "Home & Living"),
            new Category("outdoor", "Outdoor"),
            new Category("audio", "Audio"),
            new Category("apparel", "Apparel"),
            new Category("stationery", "Stationery"));

    private final Map<String, Product> products = new LinkedHashMap<>();

    public Catalog() {
        add("stoneware-mug", "Stoneware Mug", "kitchen", "14.90",
                "Hand-glazed, 350 ml, keeps coffee warm.",
                "Thrown and glazed by a small pottery in Porto. The thick stoneware wall keeps your coffee warm through a long call, and the speckled glaze means no two mugs look alike.",
                "mug", "#e76f51", "#f4a261", 4.8, 212, "Bestseller");
        add("pour-over-kettle", "Pour-Over Kettle", "kitchen", "49.00",
                "Gooseneck spout for a slow, even pour.",
                "A 1 litre stainless steel kettle with a thin gooseneck spout and a built-in thermometer, for pour-over coffee and green tea at the right temperature.",
                "kettle", "#264653", "#2a9d8f", 4.6, 87, null);
        add("oak-cutting-board", "Oak Cutting Board", "kitchen", "39.50",
                "Solid European oak, 40 x 25 cm.",
                "Cut from a single plank of oiled European oak, with a juice groove on one side and a flat serving side on the other.",
                "board", "#b5835a", "#7f5539", 4.7, 64, null);
        add("linen-cushion", "Linen Cushion", "home", "29.00",
                "Washed linen cover, feather filling.",
                "A 45 x 45 cm cushion in stone-washed linen with a hidden zip and a soft feather filling.",
                "cushion", "#8ab17d", "#e9c46a", 4.5, 43, "New");
        add("desk-lamp", "Brass Desk Lamp", "home", "89.00",
                "Warm, dimmable, adjustable arm.",
                "A slim desk lamp in brushed brass with a dimmable warm LED and an arm that stays exactly where you put it.",
                "lamp", "#e9c46a", "#264653", 4.4, 58, null);
        add("ceramic-planter", "Ceramic Planter", "home", "24.00",
                "With drainage hole and saucer, 15 cm.",
                "A matte white ceramic planter with a drainage hole and matching saucer, sized for a pothos or a small fern.",
                "planter", "#2a9d8f", "#f1faee", 4.9, 131, "Bestseller");
        add("trail-backpack", "Trail Backpack 28 L", "outdoor", "119.00",
                "Water-resistant, laptop sleeve, 1.1 kg.",
                "A 28 litre day pack in recycled ripstop with a padded laptop sleeve, hip belt and side pockets that fit a one litre bottle.",
                "backpack", "#e63946", "#1d3557", 4.7, 96, null);
        add("insulated-bottle", "Insulated Bottle", "outdoor", "27.50",
                "Cold for 24 h, hot for 12 h, 750 ml.",
                "Double-walled stainless steel with a leak-proof lid. Cold drinks stay cold for a day, hot drinks hot for half of one.",
                "bottle", "#457b9d", "#a8dadc", 4.6, 178, null);
        add("camping-lantern", "Camping Lantern", "outdoor", "34.90",
                "USB rechargeable, 3 light modes.",
                "A rechargeable LED lantern with warm, bright and flicker modes; 30 hours on the low setting.",
                "lantern", "#f4a261", "#2b2d42", 4.3, 39, null);
        add("wireless-headphones", "Wireless Headphones", "audio", "149.00",
                "Noise cancelling, 30 h battery.",
                "Over-ear headphones with active noise cancelling, memory-foam cushions and a battery that lasts a week of commutes.",
                "headphones", "#2b2d42", "#ef233c", 4.5, 304, "Bestseller");
        add("bluetooth-speaker", "Pocket Speaker", "audio", "59.00",
                "Splash-proof, pairs in one tap.",
                "A palm-sized Bluetooth speaker with surprisingly full sound, IPX5 splash protection and a lanyard.",
                "speaker", "#6d597a", "#e56b6f", 4.2, 71, null);
        add("merino-beanie", "Merino Beanie", "apparel", "32.00",
                "Soft merino wool, one size.",
                "Knitted from fine merino wool that keeps you warm without itching; folds flat into a pocket.",
                "beanie", "#bc4749", "#f2e8cf", 4.8, 56, "New");
        add("canvas-tote", "Canvas Tote", "apparel", "19.00",
                "Heavy organic cotton, inner pocket.",
                "A roomy tote in heavy organic cotton canvas with an inner zip pocket and long handles.",
                "tote", "#f2cc8f", "#3d405b", 4.4, 88, null);
        add("dotted-notebook", "Dotted Notebook A5", "stationery", "16.50",
                "192 pages, lay-flat binding.",
                "An A5 notebook with 192 pages of 100 g/m\u00b2 dotted paper, lay-flat binding, a ribbon and a pocket at the back.",
                "notebook", "#3d405b", "#81b29a", 4.9, 245, "Bestseller");
        add("fountain-pen", "Fountain Pen", "stationery", "45.00",
                "Steel nib, converter included.",
                "A balanced aluminium fountain pen with a fine steel nib, a converter for bottled ink and two cartridges to start.",
                "pen", "#1d3557", "#e9c46a", 4.6, 77, null);
        add("desk-organizer", "Desk Organizer", "stationery", "22.00",
                "Walnut tray for pens and notes.",
                "A walnut desk tray with three compartments for pens, sticky notes and the things you keep losing.",
                "organizer", "#7f5539", "#ddb892", 4.3, 29, null);
    }

    private void add(String id, String name, String category, String price, String summary,
            String description, String art, String color, String accent, double rating,
            int reviews, String badge) {
        products.put(id, new Product(id, name, category, new BigDecimal(price), summary, description,
                art, color, accent, rating, reviews, badge));
    }

    /** @return the categories, in display order */
    public List<Category> categories() {
        return CATEGORIES;
    }

    /**
     * @param id a product id
     * @return the product, if it exists
     */
    public Optional<Product> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(products.get(id));
    }

    /**
     * @param query    words to look for in name, summary and category, or null
     * @param category a category id, or null for all
     * @return matching products, in catalog order
     */
    public List<Product> search(String query, String category) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        String c = category == null || category.isBlank() ? null : category.trim();
        return products.values().stream()
                .filter(p -> c == null || p.category().equals(c))
                .filter(p -> q.isEmpty() || (p.name() + " " + p.summary() + " " + p.category())
                        .toLowerCase(Locale.ROOT).contains(q))
                .toList();
    }

    /**
     * @param id a category id
     * @return whether it exists
     */
    public boolean hasCategory(String id) {
        return CATEGORIES.stream().anyMatch(c -> c.id().equals(id));
    }
}
