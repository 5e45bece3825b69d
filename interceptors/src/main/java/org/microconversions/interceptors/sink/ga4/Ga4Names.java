package org.microconversions.interceptors.sink.ga4;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** GA4's naming rules and the default mapping of conversion names onto recommended events. */
public final class Ga4Names {

    /** Event and parameter names: a letter, then letters, digits or underscores; at most 40. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    /** Prefix given to a name GA4 reserves, e.g. {@code video-start} becomes {@code mc_video_start}. */
    public static final String SAFE_PREFIX = "mc_";

    /**
     * Event names GA4 reserves (web and app streams; sending them is ignored or corrupts
     * automatically collected data). Compared case-insensitively.
     */
    public static final Set<String> RESERVED_EVENT_NAMES = Set.of(
            "ad_activeview", "ad_click", "ad_exposure", "ad_impression", "ad_query", "ad_reward", "adunit_exposure",
            "app_background", "app_clear_data", "app_exception", "app_remove", "app_store_refund",
            "app_store_subscription_cancel", "app_store_subscription_convert", "app_store_subscription_renew",
            "app_update", "app_upgrade", "click", "dynamic_link_app_open", "dynamic_link_app_update",
            "dynamic_link_first_open", "error", "file_download", "firebase_campaign", "firebase_in_app_message_action",
            "firebase_in_app_message_dismiss", "firebase_in_app_message_impression", "first_open", "first_visit",
            "form_start", "form_submit", "in_app_purchase", "notification_dismiss", "notification_foreground",
            "notification_open", "notification_receive", "os_update", "page_view", "screen_view", "scroll",
            "session_start", "user_engagement", "view_complete", "video_complete", "video_progress", "video_start",
            "view_search_results");

    /** Prefixes no event or parameter name may start with. Compared case-insensitively. */
    public static final List<String> RESERVED_PREFIXES = List.of("_", "firebase_", "ga_", "google_", "gtag.");

    /** Our conversion names that have a GA4 recommended event. */
    public static final Map<String, String> RECOMMENDED = Map.ofEntries(
            Map.entry("add-to-cart", "add_to_cart"),
            Map.entry("add-to-wishlist", "add_to_wishlist"),
            Map.entry("remove-from-cart", "remove_from_cart"),
            Map.entry("proceed-to-checkout", "begin_checkout"),
            Map.entry("begin-checkout", "begin_checkout"),
            Map.entry("purchase", "purchase"),
            Map.entry("refund", "refund"),
            Map.entry("newsletter-signup", "generate_lead"),
            Map.entry("email-capture", "generate_lead"),
            Map.entry("sign-up", "sign_up"),
            Map.entry("share", "share"),
            Map.entry("view-product", "view_item"),
            Map.entry("view-item", "view_item"),
            Map.entry("search", "search"),
            Map.entry("login", "login"));

    private Ga4Names() {
    }

    /** @return why {@code name} cannot be a GA4 event name, or null if it can */
    static String eventNameProblem(String name) {
        String p = nameProblem(name);
        if (p != null) {
            return p;
        }
        if (RESERVED_EVENT_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            return "is reserved by GA4";
        }
        return null;
    }

    /** @return why {@code name} cannot be a GA4 event or parameter name, or null if it can */
    static String nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "must start with a letter, use only letters, digits and underscores, at most 40 characters";
        }
        if (hasReservedPrefix(name)) {
            return "starts with a prefix GA4 reserves (" + String.join(", ", RESERVED_PREFIXES) + ")";
        }
        return null;
    }

    static boolean hasReservedPrefix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    /**
     * The default GA4 event name of a conversion: the recommended event if there is one,
     * otherwise hyphens become underscores; a reserved result gets {@link #SAFE_PREFIX}.
     *
     * @param conversion a valid conversion name
     * @return the GA4 name (may still be invalid, e.g. too long after prefixing: check it)
     */
    static String defaultEventName(String conversion) {
        String recommended = RECOMMENDED.get(conversion);
        if (recommended != null) {
            return recommended;
        }
        String n = conversion.replace('-', '_');
        if (RESERVED_EVENT_NAMES.contains(n) || hasReservedPrefix(n)) {
            n = SAFE_PREFIX + n;
        }
        return n;
    }
}
