package org.microconversions.interceptors.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic variant assignment: the first 64 bits of SHA-256({@code experimentId + '\0' +
 * visitorId}), as an unsigned number modulo the total weight, pick the variant whose cumulative
 * weight range holds it. Same visitor and experiment, same variant, on every server and restart;
 * different experiments hash independently.
 */
public final class Assignment {

    /** One digest per thread: the provider lookup of getInstance cost more than the hash itself. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private Assignment() {
    }

    /**
     * @param experiment the experiment
     * @param visitorId  the visitor id (non-null)
     * @return the variant name
     */
    public static String variant(ExperimentDefinition experiment, String visitorId) {
        long bucket = Long.remainderUnsigned(hash(experiment.id(), visitorId), experiment.totalWeight());
        long upTo = 0;
        for (ExperimentDefinition.Variant v : experiment.variants()) {
            upTo += v.weight();
            if (bucket < upTo) {
                return v.name();
            }
        }
        throw new IllegalStateException("unreachable: bucket " + bucket);
    }

    /**
     * @param experimentId experiment id
     * @param visitorId    visitor id
     * @return the first 8 bytes of SHA-256(experimentId NUL visitorId), big-endian
     */
    static long hash(String experimentId, String visitorId) {
        MessageDigest sha = SHA_256.get(); // digest() below resets it for the next call
        sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] d = sha.digest(visitorId.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return h;
    }
}
