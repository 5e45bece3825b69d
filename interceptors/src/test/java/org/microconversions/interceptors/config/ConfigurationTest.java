package org.microconversions.interceptors.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.experiment.ExperimentConfig;
import org.microconversions.interceptors.insights.InsightsConfig;
import org.microconversions.interceptors.sink.ga4.Ga4Config;
import org.microconversions.interceptors.sink.kafka.KafkaSinkSettings;
import org.microconversions.interceptors.sink.webhook.WebhookConfig;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sections found with ServiceLoader, read together: every problem in one exception, cross-key rules. */
class ConfigurationTest {

    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    private static Config config(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "test", 500)).build();
    }

    private static Configuration read(String... keyValues) {
        return Configuration.read(config(keyValues));
    }

    private static Configuration webhookWith(String... keyValues) {
        String[] all = new String[keyValues.length + 6];
        System.arraycopy(new String[]{WebhookConfig.ENABLED, "true", WebhookConfig.URL, "https://hooks.example.com/x",
                WebhookConfig.SECRET, WEBHOOK_SECRET}, 0, all, 0, 6);
        System.arraycopy(keyValues, 0, all, 6, keyValues.length);
        return read(all);
    }

    @Test
    void everySectionOfTheLibraryIsFoundAndReadWithItsDefaults() {
        Configuration c = read();
        assertThat(c.problems()).isEmpty();
        assertThat(c.types()).contains(Settings.class, ExperimentConfig.class, InsightsConfig.class, Ga4Config.class,
                WebhookConfig.class, KafkaSinkSettings.class);
        assertThat(c.get(Settings.class).batchSize()).isEqualTo(500);
        assertThat(c.get(Ga4Config.class).enabled()).isFalse();
        assertThat(c.get(KafkaSinkSettings.class).topic()).isEqualTo("microconversions");
    }

    @Test
    void everyProblemIsReportedTogether() {
        Configuration c = read(ConfigKeys.BATCH_SIZE, "0", ConfigKeys.PREFIX + "batchsize", "10",
                Ga4Config.ENABLED, "true", Ga4Config.MEASUREMENT_ID, "G-1", // no api secret
                "microconversions.experiment.layout.alpha", "0.7", "microconversions.experiment.layout.variants", "a,b",
                InsightsConfig.TIMEOUT, "1500ms",
                KafkaSinkSettings.TOPIC, "has space");
        assertThat(c.problems()).get().satisfies(e -> {
            assertThat(e.keys()).containsExactlyInAnyOrder(ConfigKeys.PREFIX + "batchsize", ConfigKeys.BATCH_SIZE,
                    Ga4Config.API_SECRET, "microconversions.experiment.layout.alpha", InsightsConfig.TIMEOUT,
                    KafkaSinkSettings.TOPIC);
            assertThat(e).hasMessageStartingWith("6 configuration problems:")
                    .hasMessageContaining("Unknown configuration microconversions.batchsize")
                    .hasMessageContaining("Invalid configuration microconversions.batch-size=0")
                    .hasMessageContaining("Invalid configuration " + KafkaSinkSettings.TOPIC + "=has space");
        });
        // the sections that were valid are still read; the others are absent, and get refuses
        assertThat(c.find(WebhookConfig.class)).isPresent();
        assertThat(c.find(Settings.class)).isEmpty();
        assertThatThrownBy(() -> c.get(WebhookConfig.class)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(ConfigKeys.BATCH_SIZE);
    }

    @Test
    void aSingleProblemKeepsItsOwnMessage() {
        assertThat(read(ConfigKeys.BUFFER_OVERFLOW, "block").problems()).get()
                .satisfies(e -> assertThat(e).hasMessageStartingWith(
                        "Invalid configuration microconversions.buffer.overflow=block"));
    }

    @Test
    void aLeaseShorterThanASinksDeliveryWhoseRenewalMayOutliveItIsRejected() {
        // webhook: 1 message x 5s timeout; lease 3s renewed every 1s by a statement of up to 5s
        assertThat(webhookWith(ConfigKeys.OUTBOX_LEASE, "3s").problems()).get().satisfies(e -> {
            assertThat(e.keys()).containsExactly(ConfigKeys.OUTBOX_LEASE);
            assertThat(e).hasMessageContaining("the webhook sink's delivery may take 5s (batch-size 1 x timeout 5s)")
                    .hasMessageContaining(ConfigKeys.STORE_STATEMENT_TIMEOUT + "=5s");
        });
        // GA4: up to 25 requests x 5s, far beyond a 7s lease renewed by a 5s statement
        assertThat(read(Ga4Config.ENABLED, "true", Ga4Config.MEASUREMENT_ID, "G-1", Ga4Config.API_SECRET, "s",
                ConfigKeys.OUTBOX_LEASE, "7s").problems()).get()
                .satisfies(e -> assertThat(e.keys()).containsExactly(ConfigKeys.OUTBOX_LEASE));
    }

    @Test
    void aLeaseLongerThanTheDeliveryOrSafelyRenewedIsAccepted() {
        assertThat(webhookWith(ConfigKeys.OUTBOX_LEASE, "6s").problems()).as("longer than the delivery").isEmpty();
        assertThat(webhookWith(ConfigKeys.OUTBOX_LEASE, "3s", WebhookConfig.TIMEOUT, "2s").problems())
                .as("the delivery is shorter than the lease").isEmpty();
        assertThat(webhookWith(ConfigKeys.OUTBOX_LEASE, "3s", ConfigKeys.STORE_STATEMENT_TIMEOUT, "1s").problems())
                .as("renewed at 1s, done by 2s, before the 3s lease lapses").isEmpty();
        assertThat(read(ConfigKeys.OUTBOX_LEASE, "1s").problems()).as("no built-in sink enabled").isEmpty();
        assertThat(read(Ga4Config.ENABLED, "true", Ga4Config.MEASUREMENT_ID, "G-1", Ga4Config.API_SECRET, "s")
                .problems()).as("the defaults: 60s lease, renewed every 20s by a 5s statement").isEmpty();
    }

    @Test
    void theDurableNamesMustBeAllowed() {
        assertThat(read(ConfigKeys.NAMES_ALLOWED, "purchase", ConfigKeys.DURABLE_NAMES, "purchase,sign-up")
                .problems()).get().satisfies(e -> assertThat(e.keys()).containsExactly(ConfigKeys.DURABLE_NAMES));
    }

    @Test
    void eachSectionIsReadOncePerRead() {
        int before = CountingSection.reads();
        Configuration c = read();
        assertThat(CountingSection.reads()).isEqualTo(before + 1);
        assertThat(c.get(CountingSection.Reads.class)).isSameAs(c.get(CountingSection.Reads.class));
    }
}
