package org.microconversions.interceptors.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventRowsTest {

    private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void timestampTextIsIsoInMicrosecondsRoundedHalfUpOverEveryYearTheApiAdmits() {
        Instant first = Instant.parse("0001-01-01T00:00:00Z");
        Instant last = Instant.parse("9999-12-31T23:59:59.999Z");
        assertThat(EventRows.timestampText(first)).isEqualTo("0001-01-01T00:00:00.000000Z");
        assertThat(EventRows.timestampText(last)).isEqualTo("9999-12-31T23:59:59.999000Z");
        assertThat(EventRows.timestampText(Instant.parse("2026-12-31T23:59:59.999999499Z")))
                .isEqualTo("2026-12-31T23:59:59.999999Z");
        assertThat(EventRows.timestampText(Instant.parse("2026-12-31T23:59:59.999999500Z")))
                .isEqualTo("2027-01-01T00:00:00.000000Z");
        Random random = new Random(20261202L);
        long span = last.getEpochSecond() - first.getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(first.getEpochSecond() + Math.floorMod(random.nextLong(), span),
                    random.nextInt(1_000_000_000));
            assertThat(EventRows.timestampText(t)).as("seed 20261202, %s", t)
                    .isEqualTo(ISO_MICROS.format(t.plusNanos(500).truncatedTo(ChronoUnit.MICROS)));
        }
    }
}
