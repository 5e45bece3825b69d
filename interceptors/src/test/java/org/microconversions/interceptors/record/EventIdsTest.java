package org.microconversions.interceptors.record;

import com.fasterxml.uuid.UUIDType;
import com.fasterxml.uuid.impl.UUIDUtil;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void idsAreUuidV7CarryingTheCurrentMillisecondAsJavaUuidGeneratorReadsThem() {
        long before = System.currentTimeMillis();
        UUID id = EventIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UUIDUtil.typeOf(id)).isEqualTo(UUIDType.TIME_BASED_EPOCH);
        assertThat(UUIDUtil.extractTimestamp(id)).isBetween(before, after);
    }

    @Test
    void oneThreadsIdsSortInRecordingOrderAlsoWithinAMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EventIds.next());
        }
        // 100,000 ids take far less than 100,000 ms, so many share a millisecond
        assertThat(ids.stream().map(UUIDUtil::extractTimestamp).distinct().count()).isLessThan(ids.size());
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
    }

    @Test
    void idsOfConcurrentThreadsAreUnique() throws Exception {
        Set<UUID> all = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        all.add(EventIds.next());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(all).hasSize(200_000);
    }

    @Test
    void aClockSteppingBackKeepsTheOrder() {
        long[] last = new long[2];
        UUID first = EventIds.next(last, 2_000_000_000_000L);
        UUID second = EventIds.next(last, 1_999_999_999_000L);
        assertThat(second.toString()).isGreaterThan(first.toString());
        assertThat(UUIDUtil.extractTimestamp(second)).isEqualTo(2_000_000_000_000L);
    }

    @Test
    void exhaustingTheMillisecondsRandomBitsBorrowsTheNextMillisecond() {
        long ms = 2_000_000_000_000L;
        long[] last = {ms << 16 | 0x7FFFL, 0xBFFF_FFFF_FFFF_FFFFL}; // rand_a and rand_b all ones
        UUID next = EventIds.next(last, ms);
        assertThat(UUIDUtil.extractTimestamp(next)).isEqualTo(ms + 1);
        assertThat(next.version()).isEqualTo(7);
        assertThat(next.variant()).isEqualTo(2);
        assertThat(next.toString()).isGreaterThan(new UUID(last[0] - 1, 0).toString());
    }
}
