package org.microconversions.interceptors.record;

import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered unique ids (UUIDv7, RFC 9562) from java-uuid-generator, monotonic within a
 * millisecond. The random part comes from {@link ThreadLocalRandom}: ids are idempotency keys,
 * not secrets, and the shared SecureRandom default would cost far more per call.
 */
final class EventIds {

    private final TimeBasedEpochGenerator generator = new TimeBasedEpochGenerator(new FastRandom());

    UUID next() {
        return generator.generate();
    }

    /** A {@link Random} facade over the calling thread's {@link ThreadLocalRandom}. */
    private static final class FastRandom extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        protected int next(int bits) {
            return ThreadLocalRandom.current().nextInt() >>> (32 - bits);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            ThreadLocalRandom.current().nextBytes(bytes);
        }
    }
}
