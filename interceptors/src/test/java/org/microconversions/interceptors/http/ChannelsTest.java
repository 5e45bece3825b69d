package org.microconversions.interceptors.http;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Channel;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelsTest {

    @Test
    void utmParametersWinOverReferrer() {
        assertThat(Channels.fromRequest("newsletter", "email", "spring", "https://www.google.com/", "shop.test"))
                .isEqualTo(new Channel("newsletter", "email", "spring"));
    }

    @Test
    void utmSourceWithoutMediumIsNotSet() {
        assertThat(Channels.fromRequest("partner", null, "", null, "shop.test"))
                .isEqualTo(new Channel("partner", "(not set)", null));
    }

    @Test
    void searchEngineReferrerIsOrganicOtherSitesAreReferral() {
        assertThat(Channels.fromRequest(null, null, null, "https://www.google.de/search?q=x", "shop.test"))
                .isEqualTo(new Channel("google.de", "organic", null));
        assertThat(Channels.fromRequest(null, null, null, "https://blog.example.org/post", "shop.test"))
                .isEqualTo(new Channel("blog.example.org", "referral", null));
    }

    @Test
    void ownSiteAndMissingOrMalformedReferrerBringNoChannel() {
        assertThat(Channels.fromRequest(null, null, null, "https://shop.test/cart", "shop.test")).isNull();
        assertThat(Channels.fromRequest(null, null, null, null, "shop.test")).isNull();
        assertThat(Channels.fromRequest(null, null, null, "::not a url::", "shop.test")).isNull();
    }

    @Test
    void overlongUtmValuesAreClippedToTheChannelLimit() {
        Channel c = Channels.fromRequest("x".repeat(500), "y".repeat(101), null, null, "shop.test");
        assertThat(c.source()).hasSize(Channel.MAX_LENGTH);
        assertThat(c.medium()).hasSize(Channel.MAX_LENGTH);
    }

    @Test
    void cookieEncodingRoundTripsAndRejectsGarbage() {
        Channel c = new Channel("news|letter", "e mail", null);
        assertThat(Channels.decode(Channels.encode(c))).isEqualTo(c);
        assertThat(Channels.decode("only|two")).isNull();
        assertThat(Channels.decode("|email|x")).isNull();
        assertThat(Channels.decode("a|b|%zz")).isNull();
    }
}
