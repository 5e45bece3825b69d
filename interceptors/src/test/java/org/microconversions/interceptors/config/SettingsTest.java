package org.microconversions.interceptors.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void durationsAcceptShortUnitsAndIso8601() {
        assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Settings.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Settings.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Settings.parseDuration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Settings.parseDuration("PT30M")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void malformedDurationsAreRejected() {
        for (String bad : new String[] {"", "ms", "10", "10 s", "ten", "5w", "PTX"}) {
            assertThatThrownBy(() -> Settings.parseDuration(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a duration");
        }
    }

    @Test
    void reservedSubtreesAreKnownSoLaterModulesCanOwnThem() {
        assertThat(ConfigKeys.isKnown("microconversions.sink.ga4.enabled")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.funnel.checkout.steps")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.batch-size")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.batchsize")).isFalse();
        assertThat(ConfigKeys.isKnown(ConfigKeys.INSIGHTS_ENABLED)).isTrue();
    }
}
