package io.steward.example.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/** The signed-in user as kept in the HTTP session (stored in Redis by Spring Session). */
final class SignedInUser {

    static final String ATTRIBUTE = "example.user";

    private SignedInUser() {}

    static Optional<String> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(ATTRIBUTE));
    }
}
