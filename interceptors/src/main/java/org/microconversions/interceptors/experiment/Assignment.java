package org.microconversions.interceptors.experiment;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic variant assignment: the first 64 bits of SHA-256({@code experimentId + '\0' +
 * visitorId}), as an unsigned number modulo the total weight, pick the variant whose cumulative
 * weight range holds it. Same visitor and experiment, same variant, on every server and restart;
 * different experiments hash independently.
 */
public final class Assignment {

    /**
     * Per thread, in JDK types only (a library object in a pooled thread's map would pin the
     * application's class loader): the digest, since getInstance's provider lookup cost more than
     * the hash itself; an input buffer and an output buffer, so an ASCII id, which every id the
     * capture filter accepts or makes is, hashes without allocating.
     */
    private static final ThreadLocal<Object[]> STATE = ThreadLocal.withInitial(() -> {
        try {
            return new Object[]{MessageDigest.getInstance("SHA-256"), new byte[256], new byte[32]};
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
        Object[] state = STATE.get();
        MessageDigest sha = (MessageDigest) state[0]; // digest() below resets it for the next call
        byte[] in = (byte[]) state[1];
        int n = ascii(experimentId, in, 0);
        if (n >= 0 && n < in.length) {
            in[n] = 0;
            n = ascii(visitorId, in, n + 1);
        } else {
            n = -1;
        }
        byte[] d;
        if (n >= 0) {
            sha.update(in, 0, n);
            d = (byte[]) state[2];
            try {
                sha.digest(d, 0, d.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a 32-byte buffer holds SHA-256", e);
            }
        } else { // not ASCII, or too long for the buffer: the same bytes, UTF-8 encoded
            sha.update(experimentId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            d = sha.digest(visitorId.getBytes(StandardCharsets.UTF_8));
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return h;
    }

    /** @return the end of {@code s} written as ASCII into {@code out} from {@code at}, or -1 if it is not ASCII or does not fit */
    private static int ascii(String s, byte[] out, int at) {
        if (at + s.length() > out.length) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            out[at + i] = (byte) c;
        }
        return at + s.length();
    }
}
