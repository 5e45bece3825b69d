package org.microconversions.interceptors.privacy;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.config.Settings.UserIdPolicy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Applies {@code microconversions.privacy.user-id} before a user id is stored or forwarded:
 * dropped (default), HMAC-SHA256 with the secret salt (pseudonymous, joinable, and unlinkable
 * once the salt is rotated), or kept raw.
 */
@ApplicationScoped
public class UserIds {

    @Inject
    Settings settings;

    private UserIdPolicy policy;
    private SecretKeySpec key;

    @PostConstruct
    void init() {
        policy = settings.privacy().userId();
        if (policy == UserIdPolicy.HASH) {
            key = new SecretKeySpec(settings.privacy().salt().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }
    }

    /**
     * @param userId the shop's user id, or null
     * @return what may be stored: null, a 64-character hex HMAC, or the id itself
     */
    public String protect(String userId) {
        if (userId == null) {
            return null;
        }
        return switch (policy) {
            case DROP -> null;
            case RAW -> userId;
            case HASH -> hmac(userId);
        };
    }

    private String hmac(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
