package io.steward.server.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Checks the bearer token of API calls ({@code Authorization: Bearer …}) and the session cookie the
 * login form sets for the dashboard. Comparisons take constant time; the token is never logged or
 * echoed.
 */
final class TokenGuard {

    static final String COOKIE = "steward_session";

    private final byte[] token;

    TokenGuard(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the dashboard token is empty");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request carries the token in the Authorization header or the session cookie. */
    boolean admits(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(header.substring(7).strip());
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie != null && matches(cookie);
    }

    boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(token, candidate.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, for the whole site, until the browser closes. */
    void startSession(Context ctx) {
        Cookie cookie = new Cookie(COOKIE, new String(token, StandardCharsets.UTF_8));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setMaxAge(-1);
        ctx.cookie(cookie);
    }

    void endSession(Context ctx) {
        ctx.removeCookie(COOKIE, "/");
    }
}
