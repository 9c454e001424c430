package io.steward.server.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the bearer token of API calls ({@code Authorization: Bearer …}) and the session cookie the
 * login form sets for the dashboard. The cookie holds an HMAC of the token, not the token, and is
 * named after the port: browsers do not scope cookies by port, so other services on 127.0.0.1 see it.
 * Comparisons take constant time; the token is never logged or echoed.
 */
final class TokenGuard {

    static final String COOKIE_PREFIX = "steward_session_";

    private final byte[] token;
    private final String session;

    TokenGuard(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the dashboard token is empty");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.session = hmac(this.token, "steward dashboard session");
    }

    /** How the request proved it holds the token. */
    enum Proof {
        NONE,
        BEARER,
        COOKIE
    }

    Proof proof(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(header.substring(7).strip()) ? Proof.BEARER : Proof.NONE;
        }
        String cookie = ctx.cookie(cookieName(ctx));
        return cookie != null && equal(session, cookie) ? Proof.COOKIE : Proof.NONE;
    }

    boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(token, candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, for the whole site, until the browser closes. */
    void startSession(Context ctx) {
        Cookie cookie = new Cookie(cookieName(ctx), session);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setMaxAge(-1);
        ctx.cookie(cookie);
    }

    void endSession(Context ctx) {
        ctx.removeCookie(cookieName(ctx), "/");
    }

    /**
     * Whether a state-changing request authenticated by cookie comes from the dashboard's own origin.
     * SameSite=Strict does not stop another port on the same host (same site), so the Origin header
     * must name this server.
     */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        return origin != null && host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static String cookieName(Context ctx) {
        return COOKIE_PREFIX + ctx.port();
    }

    private static boolean equal(String expected, String candidate) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
