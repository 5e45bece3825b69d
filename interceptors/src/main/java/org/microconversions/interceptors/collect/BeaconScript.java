package org.microconversions.interceptors.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A served beacon script, read once from beside {@link CollectResource}: its bytes, a gzipped copy,
 * and its version (the first 16 hex digits of its SHA-256), the {@code ETag} and the value of
 * {@code ?v=} that may be cached for good. There are two: {@code beacon.js}, and the optional rules
 * it loads, {@code beacon-extras.js} (whose version the build pins into {@code beacon.js}).
 */
record BeaconScript(byte[] bytes, byte[] gzipped, String version) {

    /** Each served file, read once; empty when the jar holds none. */
    private static final Map<String, Optional<BeaconScript>> LOADED = new ConcurrentHashMap<>();

    /**
     * @param resource {@link CollectResource#SCRIPT} or {@link CollectResource#EXTRAS}
     * @return that script, or null when the jar holds none
     */
    static BeaconScript get(String resource) {
        return LOADED.computeIfAbsent(resource, r -> Optional.ofNullable(load(r))).orElse(null);
    }

    static BeaconScript load(String resource) {
        try (InputStream in = CollectResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
            try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                gz.write(bytes);
            }
            String version = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0,
                    16);
            return new BeaconScript(bytes, out.toByteArray(), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code Accept-Encoding} names gzip (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean star = false;
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] p = part.split(";", -1);
            String coding = p[0].trim();
            boolean refused = false;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim().replace(" ", "");
                if (param.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(param.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return !refused;
            }
            if (coding.equals("*")) {
                star = !refused;
            }
        }
        return star;
    }

    /** True when {@code If-None-Match} names this version, of either encoding, or is {@code *}. */
    static boolean matches(String ifNoneMatch, String version) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals("\"" + version + "\"") || t.equals("\"" + version + "-gz\"")) {
                return true;
            }
        }
        return false;
    }
}
