package org.microconversions.interceptors.record;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered unique ids: UUIDv7 (RFC 9562, section 5.7), a 48-bit Unix millisecond and 74 bits
 * that start random each millisecond and, for further ids of the same thread within that
 * millisecond, count up ("monotonic random", section 6.2, method 2). So one thread's conversions
 * sort in recording order, which is the order the outbox forwards them in; ids of different
 * threads are ordered by millisecond.
 *
 * <p>Why not java-uuid-generator's v7 generators (the tests check these ids with it): they keep
 * the counter behind one lock shared by every recording thread, which cost a third of the
 * interceptor's time in the request-thread benchmark and would be a contention point under
 * concurrent requests. The state here is per thread, in a {@code long[]} (a JDK type, so a
 * container thread never pins the application's class loader).
 */
final class EventIds {

    private static final long VARIANT = 0x8000_0000_0000_0000L; // IETF variant, bits 10
    private static final long RAND_B = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long RAND_A = 0x0FFFL;
    private static final long VERSION = 0x7000L;

    /** The calling thread's last id: {most, least} significant bits. */
    private static final ThreadLocal<long[]> LAST = ThreadLocal.withInitial(() -> new long[2]);

    private EventIds() {
    }

    static UUID next() {
        return next(LAST.get(), System.currentTimeMillis());
    }

    /** Advances {@code last} to the next id at time {@code now} and returns it. */
    static UUID next(long[] last, long now) {
        long msb = last[0];
        long lsb = last[1];
        if (now > msb >>> 16) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            msb = now << 16 | VERSION | (random.nextInt() & RAND_A);
            lsb = VARIANT | (random.nextLong() & RAND_B);
        } else if ((lsb & RAND_B) != RAND_B) {
            lsb++; // same millisecond, or the clock stepped back: stay in order
        } else if ((msb & RAND_A) != RAND_A) {
            msb++;
            lsb = VARIANT;
        } else {
            msb = ((msb >>> 16) + 1) << 16 | VERSION; // all 74 bits used: borrow the next millisecond
            lsb = VARIANT;
        }
        last[0] = msb;
        last[1] = lsb;
        return new UUID(msb, lsb);
    }
}
