package org.microconversions.spi;

import org.junit.jupiter.api.Test;
import org.microconversions.api.MicroConversionEvent;
import org.microconversions.spi.DeliveryResult.Failure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryResultTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();

    @Test
    void theOldFactoriesStillMeanRejectedForGoodAndTheRestDelivered() {
        DeliveryResult r = DeliveryResult.rejected(Map.of(a, "too long"));

        assertThat(r.rejected()).containsExactly(Map.entry(a, "too long"));
        assertThat(r.failure(a).kind()).isEqualTo(Failure.Kind.REJECTED);
        assertThat(r.failure(b)).as("not listed: delivered").isNull();
        assertThat(DeliveryResult.rejected(Map.of())).isSameAs(DeliveryResult.delivered());
        assertThat(DeliveryResult.delivered().failures()).isEmpty();

        MicroConversionEvent e = MicroConversionEvent.builder().id(c).name("share").timestamp(Instant.now()).build();
        assertThat(DeliveryResult.rejectedAll(List.of(e), "no").rejected()).containsExactly(Map.entry(c, "no"));
    }

    @Test
    void eachEventCarriesItsOwnOutcome() {
        Instant later = Instant.parse("2026-01-01T00:00:05Z");
        DeliveryResult r = DeliveryResult.builder()
                .fail(a, Failure.retry("http_429", "slow down", later))
                .fail(List.of(b), Failure.hold("http_401", "bad key"))
                .build();

        assertThat(r.failures()).containsOnlyKeys(a, b);
        assertThat(r.failure(a)).isEqualTo(new Failure(Failure.Kind.RETRY, "http_429", "slow down", later));
        assertThat(r.failure(b).kind()).isEqualTo(Failure.Kind.HOLD);
        assertThat(r.rejected()).as("only REJECTED is a rejection").isEmpty();
        assertThat(r.failure(c)).isNull();
    }

    @Test
    void codesAreShortLabelsAndOnlyRetriesHaveANotBefore() {
        assertThatThrownBy(() -> Failure.retry("HTTP 503", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Failure.retry("x".repeat(41), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Failure(Failure.Kind.HOLD, "http_401", "x", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Failure.notSent("after an earlier failure").kind()).isEqualTo(Failure.Kind.NOT_SENT);
    }
}
