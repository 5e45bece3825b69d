package org.microconversions.interceptors.pipeline;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversionEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionBufferTest {

    private final List<MicroConversionEvent> overflowed = new ArrayList<>();

    private final ConversionBuffer buffer = new ConversionBuffer(3, new ConversionBuffer.Drain() {
        @Override
        public boolean closed() {
            return false;
        }

        @Override
        public void overflow(MicroConversionEvent event, boolean durable) {
            overflowed.add(event);
        }

        @Override
        public boolean wake() {
            return true;
        }
    });

    @Test
    void aDurableOfferUnparksTheDrainLingeringForABatch() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        AtomicLong lingeredNanos = new AtomicLong();
        Thread drain = new Thread(() -> {
            buffer.lingering(Thread.currentThread());
            parked.countDown();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(30);
            while (!buffer.durableWaiting() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(deadline - System.nanoTime());
            }
            lingeredNanos.set(System.nanoTime() - start);
            buffer.lingering(null);
        });
        drain.start();
        assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();

        // nobody acknowledges here: the caller gives up after its timeout, the drain must not wait 30 s
        buffer.acceptDurable(event(), TimeUnit.MILLISECONDS.toNanos(50));
        drain.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(drain.isAlive()).isFalse();
        assertThat(lingeredNanos.get()).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aFullBufferHandsTheConversionToTheOverflowPolicyAndTakesNoMore() {
        for (int i = 0; i < 3; i++) {
            assertThat(buffer.offerIfRoom(event())).isTrue();
        }
        MicroConversionEvent fourth = event();
        buffer.accept(fourth);

        assertThat(overflowed).containsExactly(fourth);
        assertThat(buffer.size()).isEqualTo(3);
    }

    private static MicroConversionEvent event() {
        return MicroConversionEvent.builder().id(UUID.randomUUID()).name("share").kind(Kind.MICRO)
                .timestamp(Instant.now()).build();
    }
}
