package org.microconversions.interceptors.privacy;

import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.api.MicroConversions;
import org.microconversions.api.VisitorContext;
import org.microconversions.api.VisitorData;
import org.microconversions.interceptors.config.ConfigKeys;
import org.microconversions.interceptors.outbox.RecordingSink;
import org.microconversions.interceptors.store.EventStore;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.TestContainer;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PrivacyTest {

    private static final String SALT = "a-secret-salt-of-32-characters!!";

    private final DataSource db = Databases.derby();

    private String storedUserId(TestContainer c) {
        CurrentVisitor.set(new VisitorContext("visitor-0123456789", null, "alice@example.org", null, Map.of()));
        try {
            c.bean(MicroConversions.class).record("sign-up");
        } finally {
            CurrentVisitor.clear();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Databases.count(db, "") == 1);
        return Databases.rows(db, "SELECT user_id FROM mc_event").get(0).get(0);
    }

    @Test
    void userIdsAreDroppedByDefault() {
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "50ms").start()) {
            assertThat(storedUserId(c)).isNull();
        }
    }

    @Test
    void hashedUserIdsAreTheHmacOfTheSecretSalt() throws Exception {
        try (TestContainer c = TestContainer.builder(db).config(ConfigKeys.FLUSH_INTERVAL, "50ms")
                .config(ConfigKeys.PRIVACY_USER_ID, "hash").config(ConfigKeys.PRIVACY_USER_ID_SALT, SALT).start()) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of()
                    .formatHex(mac.doFinal("alice@example.org".getBytes(StandardCharsets.UTF_8)));
            assertThat(storedUserId(c)).isEqualTo(expected).doesNotContain("alice");
        }
    }

    @Test
    void hashingWithoutASaltFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> TestContainer.builder(db).config(ConfigKeys.PRIVACY_USER_ID, "hash").start())
                .hasStackTraceContaining("Invalid configuration microconversions.privacy.user-id-salt=(missing)");
    }

    @Test
    void erasingAVisitorDeletesItsConversionsAndWhatSinksOweOfThem() throws Exception {
        try (TestContainer c = TestContainer.builder(db).executor(task -> {
        }).beans(RecordingSink.class).start()) {
            EventStore store = c.bean(EventStore.class);
            store.store(
                    List.of(event("visitor-a-0123456789", Instant.now()), event("visitor-a-0123456789", Instant.now()),
                            event("visitor-b-0123456789", Instant.now())));

            assertThat(c.bean(VisitorData.class).erase("visitor-a-0123456789")).isEqualTo(2);

            assertThat(Databases.rows(db, "SELECT visitor_id FROM mc_event"))
                    .containsExactly(List.of("visitor-b-0123456789"));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox")).isEqualTo(1);
        }
    }

    @Test
    void retentionDeletesConversionsOlderThanTheConfiguredAge() throws Exception {
        try (TestContainer c = TestContainer.builder(db).executor(task -> {
        }).beans(RecordingSink.class)
                .config(ConfigKeys.PRIVACY_RETENTION, "30d").start()) {
            c.bean(EventStore.class).store(List.of(event("v-old-0123456789", Instant.now().minus(Duration.ofDays(31))),
                    event("v-new-0123456789", Instant.now().minus(Duration.ofDays(29)))));

            assertThat(c.bean(RetentionJob.class).runOnce()).isEqualTo(1);

            assertThat(Databases.rows(db, "SELECT visitor_id FROM mc_event"))
                    .containsExactly(List.of("v-new-0123456789"));
            assertThat(Databases.queryLong(db, "SELECT COUNT(*) FROM mc_outbox")).isEqualTo(1);
        }
    }

    private static MicroConversionEvent event(String visitor, Instant when) {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name("share").visitorId(visitor).timestamp(when)
                .build();
    }
}
