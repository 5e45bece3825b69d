package org.microconversions.interceptors.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, to check backoff and lease expiry without sleeping. */
final class MutableClock extends Clock {
    // ahead of the real time that persisted outbox rows are stamped with
    private volatile Instant now = Instant.now().plus(Duration.ofHours(1));

    void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
