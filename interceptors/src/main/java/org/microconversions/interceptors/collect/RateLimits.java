package org.microconversions.interceptors.collect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import java.time.Duration;

/**
 * Token buckets per visitor and per client address (Bucket4j), in a bounded, expiring map
 * (Caffeine) so a flood of new keys cannot grow the heap. Addresses live only here, in memory.
 */
final class RateLimits {

    private static final int MAX_KEYS = 100_000;

    private final Cache<String, Bucket> visitors;
    private final Cache<String, Bucket> addresses;
    private final int perVisitor;
    private final int perAddress;

    RateLimits(int perVisitorPerMinute, int perAddressPerMinute) {
        this.perVisitor = perVisitorPerMinute;
        this.perAddress = perAddressPerMinute;
        this.visitors = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMinutes(2)).build();
    }

    /** @return true if both the visitor's and the address's bucket had a token */
    boolean tryAcquire(String visitorId, String address) {
        if (address != null && !bucket(addresses, address, perAddress).tryConsume(1)) {
            return false;
        }
        return visitorId == null || bucket(visitors, visitorId, perVisitor).tryConsume(1);
    }

    private static Bucket bucket(Cache<String, Bucket> cache, String key, int perMinute) {
        return cache.get(key, k -> Bucket.builder()
                .addLimit(
                        Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
    }
}
