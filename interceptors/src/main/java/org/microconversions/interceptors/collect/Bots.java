package org.microconversions.interceptors.collect;

import java.util.regex.Pattern;

/** Known crawlers, headless browsers and HTTP libraries, by User-Agent. */
final class Bots {

    private static final Pattern BOT = Pattern.compile("(?i)(bot\\b|bot/|crawl|spider|slurp|headless|phantomjs"
            + "|lighthouse|pagespeed|python-requests|python-urllib|curl/|wget/|java/|java-http-client"
            + "|go-http-client|okhttp|axios|node-fetch|undici|scrapy|httpclient|libwww|facebookexternalhit"
            + "|embedly|preview|monitor|pingdom|uptime)");

    private Bots() {
    }

    /** @return true for agents that are not a person's browser, and for a missing User-Agent */
    static boolean isBot(String userAgent) {
        return userAgent == null || userAgent.isBlank() || BOT.matcher(userAgent).find();
    }
}
