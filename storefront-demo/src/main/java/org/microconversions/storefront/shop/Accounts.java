package org.microconversions.storefront.shop;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Newsletter subscribers and customer accounts, in memory. */
@ApplicationScoped
public class Accounts {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * @param email a candidate address
     * @return the address, trimmed and lowercased
     * @throws ShopException 400 if it is not an e-mail address
     */
    public static String requireEmail(String email) {
        String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw ShopException.badRequest("'" + (email == null ? "" : shorten(email))
                    + "' is not a valid e-mail address");
        }
        return e;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** @return true if newly subscribed, false if it already was */
    public boolean subscribe(String email) {
        return subscribers.add(requireEmail(email));
    }

    /**
     * Opens an account.
     *
     * @return the new account
     * @throws ShopException 400 on invalid input, 409 if the e-mail already has an account
     */
    public Account signUp(String name, String email, String password) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 100) {
            throw ShopException.badRequest("name must be 1 to 100 characters");
        }
        String e = requireEmail(email);
        if (password == null || password.length() < 8 || password.length() > 200) {
            throw ShopException.badRequest("password must be at least 8 characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Account account = new Account("u-" + UUID.randomUUID().toString().substring(0, 13), n, e,
                HexFormat.of().formatHex(salt), hash(salt, password));
        if (accounts.putIfAbsent(e, account) != null) {
            throw ShopException.conflict("there is already an account for " + e);
        }
        return account;
    }

    private static String hash(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A customer account (demo: in memory, salted SHA-256; use a real identity store in a shop).
     *
     * @param id           user id
     * @param name         display name
     * @param email        login
     * @param salt         password salt, hex
     * @param passwordHash SHA-256(salt + password), hex
     */
    public record Account(String id, String name, String email, String salt, String passwordHash) {
    }
}
