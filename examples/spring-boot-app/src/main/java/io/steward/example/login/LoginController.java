package io.steward.example.login;

import io.steward.client.ratelimit.Decision;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.client.token.CodeVerification;
import io.steward.client.token.IssuedCode;
import io.steward.client.token.OneTimeCodes;
import io.steward.spring.boot.coordination.StewardRateLimiters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in by one-time code: {@code POST /login} sends a code to the user, {@code POST /login/verify}
 * checks it and signs the session in, {@code GET /me} reads who is signed in. Codes and the rate
 * limit live in Redis, so every instance of the application enforces the same ones.
 *
 * <p>{@code POST /login} is limited per client address and per user name by the limiter configured
 * under {@code steward.rate-limits.login}: past it, 429 with {@code Retry-After}. Guessing is also
 * bounded by the code itself ({@code OneTimeCodes} allows a few attempts per code).
 */
@RestController
public class LoginController {

    /** The purpose codes are issued for: a sign-in code never verifies anything else. */
    static final String PURPOSE = "login";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final OneTimeCodes codes;
    private final RateLimiter limiter;
    private final CodeOutbox outbox;

    public LoginController(OneTimeCodes codes, StewardRateLimiters limiters, CodeOutbox outbox) {
        this.codes = codes;
        this.limiter = limiters.limiter("login");
        this.outbox = outbox;
    }

    /**
     * Sends a sign-in code to {@code user}. Answers 202 whether or not a new code went out (a code
     * sent less than the resend cooldown ago stays the valid one), so the answer does not tell an
     * attacker more than the mailbox tells the user.
     */
    @PostMapping("/login")
    public ResponseEntity<Map<String, Object>> login(@RequestParam String user, HttpServletRequest request) {
        if (!USER_NAME.matcher(user).matches()) {
            return ResponseEntity.badRequest().body(Map.of("error", "user must be 1-64 letters, digits or . _ @ -"));
        }
        Decision decision = limiter.tryAcquire("ip:" + request.getRemoteAddr());
        if (decision.allowed()) {
            decision = limiter.tryAcquire("user:" + user);
        }
        if (!decision.allowed()) {
            return tooManyRequests(decision.retryAfter());
        }
        IssuedCode issued = codes.issue(user, PURPOSE);
        if (issued.issued()) {
            outbox.send(user, issued.code());
        }
        return ResponseEntity.accepted().body(Map.of("sent", true));
    }

    /**
     * Signs the session in when {@code code} is the outstanding code of {@code user}; the session
     * gets a new id, so an id planted before sign-in is worth nothing after it.
     */
    @PostMapping("/login/verify")
    public ResponseEntity<Map<String, Object>> verify(
            @RequestParam String user, @RequestParam String code, HttpServletRequest request) {
        if (!USER_NAME.matcher(user).matches()) {
            return ResponseEntity.badRequest().body(Map.of("error", "user must be 1-64 letters, digits or . _ @ -"));
        }
        CodeVerification verification = codes.verify(user, PURPOSE, code);
        if (!verification.isValid()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "wrong, expired or used code", "attemptsLeft", verification.attemptsLeft()));
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(SignedInUser.ATTRIBUTE, user);
        return ResponseEntity.ok(Map.of("user", user));
    }

    @GetMapping("/me")
    public ResponseEntity<Map<String, Object>> me(HttpServletRequest request) {
        return SignedInUser.of(request)
                .map(user -> ResponseEntity.ok(Map.<String, Object>of("user", user)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "not signed in")));
    }

    @PostMapping("/logout")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Map<String, Object>> tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(Map.of("error", "too many sign-in requests", "retryAfterSeconds", seconds));
    }
}
