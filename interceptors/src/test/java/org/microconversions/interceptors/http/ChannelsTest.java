package org.microconversions.interceptors.http;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelsTest {

    @Test
    void utmParametersWinOverReferrer() {
        assertThat(Channels.fromRequest(utm("utm_source=newsletter&utm_medium=email&utm_campaign=spring"),
                "https://www.google.com/", "shop.test"))
                .isEqualTo(new Channel("newsletter", "email", "spring"));
    }

    @Test
    void utmSourceWithoutMediumIsNotSet() {
        assertThat(Channels.fromRequest(utm("utm_source=partner&utm_campaign="), null, "shop.test"))
                .isEqualTo(new Channel("partner", "(not set)", null));
    }

    @Test
    void searchEngineReferrerIsOrganicOtherSitesAreReferral() {
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://www.google.de/search?q=x", "shop.test"))
                .isEqualTo(new Channel("google.de", "organic", null));
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://blog.example.org/post", "shop.test"))
                .isEqualTo(new Channel("blog.example.org", "referral", null));
    }

    @Test
    void ownSiteAndMissingOrMalformedReferrerBringNoChannel() {
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://shop.test/cart", "shop.test")).isNull();
        assertThat(Channels.fromRequest(UtmParameters.NONE, null, "shop.test")).isNull();
        assertThat(Channels.fromRequest(UtmParameters.NONE, "::not a url::", "shop.test")).isNull();
    }

    @Test
    void overlongUtmValuesAreClippedToTheChannelLimit() {
        Channel c = Channels.fromRequest(utm("utm_source=" + "x".repeat(500) + "&utm_medium=" + "y".repeat(101)), null,
                "shop.test");
        assertThat(c.source()).hasSize(Channel.MAX_LENGTH);
        assertThat(c.medium()).hasSize(Channel.MAX_LENGTH);
    }

    @Test
    void cookieEncodingRoundTripsAndRejectsGarbage() {
        Channel c = new Channel("news|letter", "e mail", null);
        assertThat(Channels.decode(Channels.encode(c))).isEqualTo(c);
        assertThat(Channels.decode("only|two")).isNull();
        assertThat(Channels.decode("|email|x")).isNull();
        assertThat(Channels.decode("%00%0d|email|x")).isNull();
    }

    @Test
    void forgedChannelCookieIsCleanedLikeAQueryString() {
        assertThat(Channels.decode("ev%00il|e%0D%0Amail|a%E2%80%A8b")).isEqualTo(new Channel("evil", "email", "ab"));
        assertThat(Channels.decode("a|b|%zz")).isEqualTo(new Channel("a", "b", "%zz"));
        assertThat(Channels.decode("x".repeat(300) + "|b|")).extracting(Channel::source).asString()
                .hasSize(Channel.MAX_LENGTH);
    }

    @Test
    void hostileRefererBringsNoChannelAndNeverThrows() {
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://ev\u0000il.com/", "shop.test")).isNull();
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://a.com\r\nX-Evil: y", "shop.test")).isNull();
        assertThat(Channels.fromRequest(UtmParameters.NONE, "https://www.bing.com/search?q=%00", "shop.test"))
                .isEqualTo(new Channel("bing.com", "organic", null));
    }

    private static UtmParameters utm(String rawQuery) {
        return UtmParameters.parse(rawQuery);
    }
}
