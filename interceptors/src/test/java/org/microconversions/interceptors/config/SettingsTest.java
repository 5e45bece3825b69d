package org.microconversions.interceptors.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void durationsAcceptShortUnitsAndIso8601() {
        assertThat(ConfigReader.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigReader.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ConfigReader.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ConfigReader.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(ConfigReader.duration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(ConfigReader.duration("PT30M")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void malformedDurationsAreRejected() {
        for (String bad : new String[]{"", "ms", "10", "10 s", "ten", "5w", "PTX"}) {
            assertThatThrownBy(() -> ConfigReader.duration(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a duration");
        }
    }

    private static Settings settings(Map<String, String> values) {
        return Settings.from(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build());
    }

    @Test
    void statementTimeoutAndInlineWritersHaveDefaultsAndAreValidated() {
        Settings defaults = settings(Map.of());
        assertThat(defaults.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.statementTimeoutSeconds()).isEqualTo(5);
        assertThat(defaults.inlineWriters()).isEqualTo(8);

        Settings set = settings(
                Map.of(ConfigKeys.STORE_STATEMENT_TIMEOUT, "2m", ConfigKeys.BUFFER_INLINE_WRITERS, "1"));
        assertThat(set.statementTimeoutSeconds()).isEqualTo(120);
        assertThat(set.inlineWriters()).isEqualTo(1);

        // JDBC query timeouts are whole seconds: 1500ms would silently become 1 s
        for (String bad : new String[]{"1500ms", "0s", "2h", "soon"}) {
            assertThatThrownBy(() -> settings(Map.of(ConfigKeys.STORE_STATEMENT_TIMEOUT, bad))).as(bad)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(ConfigKeys.STORE_STATEMENT_TIMEOUT);
        }
        assertThatThrownBy(() -> settings(Map.of(ConfigKeys.BUFFER_INLINE_WRITERS, "0")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(ConfigKeys.BUFFER_INLINE_WRITERS);
        assertThat(ConfigKeys.isKnown(ConfigKeys.STORE_STATEMENT_TIMEOUT)).isTrue();
        assertThat(ConfigKeys.isKnown(ConfigKeys.BUFFER_INLINE_WRITERS)).isTrue();
    }

    @Test
    void reservedSubtreesAreKnownSoLaterModulesCanOwnThem() {
        assertThat(ConfigKeys.isKnown("microconversions.sink.ga4.enabled")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.funnel.checkout.steps")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.batch-size")).isTrue();
        assertThat(ConfigKeys.isKnown("microconversions.batchsize")).isFalse();
        assertThat(ConfigKeys.isKnown(ConfigKeys.INSIGHTS_ENABLED)).isTrue();
    }

    @Test
    void instanceIdDefaultsToHostAndServerNameAndIsValidated() {
        String derived = settings(Map.of()).outbox().instanceId();
        assertThat(derived).isEqualTo(Settings.defaultInstanceId()).matches("[A-Za-z0-9._:@/-]{1,64}").contains("/");
        assertThat(settings(Map.of()).outbox().instanceId()).as("stable: no pid, no random part").isEqualTo(derived);

        assertThat(settings(Map.of(ConfigKeys.OUTBOX_INSTANCE_ID, "shop-1.eu")).outbox().instanceId())
                .isEqualTo("shop-1.eu");
        for (String bad : new String[]{"two words", "x".repeat(65), "caf\u00e9"}) {
            assertThatThrownBy(() -> settings(Map.of(ConfigKeys.OUTBOX_INSTANCE_ID, bad))).as(bad)
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining(ConfigKeys.OUTBOX_INSTANCE_ID);
        }
        assertThat(ConfigKeys.isKnown(ConfigKeys.OUTBOX_INSTANCE_ID)).isTrue();
    }

    @Test
    void durableDefaultsMakeMacroConversionsDurableForTwoSecondsJoiningOnlyWhenXa() {
        Settings.DurableSettings d = settings(Map.of()).durable();
        assertThat(d.kinds()).containsExactly(org.microconversions.api.Kind.MACRO);
        assertThat(d.names()).isEmpty();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.joinTransaction()).isEqualTo(Settings.JoinTransaction.AUTO);
        for (String key : new String[]{ConfigKeys.DURABLE_NAMES, ConfigKeys.DURABLE_KINDS, ConfigKeys.DURABLE_TIMEOUT,
                ConfigKeys.DURABLE_JOIN_TRANSACTION}) {
            assertThat(ConfigKeys.isKnown(key)).as(key).isTrue();
        }
    }

    @Test
    void durableNamesWinKindsApplyByKindAndBufferedOnlyOptsOutOfTheKind() {
        Settings.DurableSettings d = settings(Map.of(ConfigKeys.DURABLE_NAMES, "sign-up",
                ConfigKeys.DURABLE_KINDS, "none", ConfigKeys.DURABLE_JOIN_TRANSACTION, "true",
                ConfigKeys.DURABLE_TIMEOUT, "250ms")).durable();
        assertThat(d.kinds()).isEmpty();
        assertThat(d.joinTransaction()).isEqualTo(Settings.JoinTransaction.ALWAYS);
        assertThat(d.timeout()).isEqualTo(Duration.ofMillis(250));
        var macro = org.microconversions.api.Kind.MACRO;
        var by = org.microconversions.api.Durability.BY_KIND;
        assertThat(d.durable("purchase", macro, by)).isFalse();
        assertThat(d.durable("sign-up", org.microconversions.api.Kind.MICRO, by)).isTrue();
        assertThat(d.durable("sign-up", org.microconversions.api.Kind.MICRO,
                org.microconversions.api.Durability.BUFFERED)).isTrue();

        Settings.DurableSettings defaults = settings(Map.of()).durable();
        assertThat(defaults.durable("purchase", macro, by)).isTrue();
        assertThat(defaults.durable("purchase", macro, org.microconversions.api.Durability.BUFFERED)).isFalse();
        assertThat(defaults.durable("add-to-cart", org.microconversions.api.Kind.MICRO, by)).isFalse();
        assertThat(defaults.durable("add-to-cart", org.microconversions.api.Kind.MICRO,
                org.microconversions.api.Durability.DURABLE)).isTrue();
        assertThat(settings(Map.of(ConfigKeys.DURABLE_KINDS, "micro, macro")).durable().kinds()).hasSize(2);
    }

    @Test
    void badDurableSettingsFailNamingTheKey() {
        Map<String, String> bad = Map.of(
                ConfigKeys.DURABLE_KINDS, "sale",
                ConfigKeys.DURABLE_TIMEOUT, "0s",
                ConfigKeys.DURABLE_JOIN_TRANSACTION, "xa",
                ConfigKeys.DURABLE_NAMES, "Purchase!");
        bad.forEach((key, value) -> assertThatThrownBy(() -> settings(Map.of(key, value))).as(key)
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(key + "=" + value));
        assertThatThrownBy(() -> settings(Map.of(ConfigKeys.DURABLE_TIMEOUT, "2m")))
                .hasMessageContaining(ConfigKeys.DURABLE_TIMEOUT).hasMessageContaining("1ms to 60s");
        assertThatThrownBy(() -> settings(Map.of(ConfigKeys.NAMES_ALLOWED, "purchase",
                ConfigKeys.DURABLE_NAMES, "purchase,sign-up")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining(ConfigKeys.DURABLE_NAMES)
                .hasMessageContaining("'sign-up' is not in microconversions.names.allowed");
    }
}
