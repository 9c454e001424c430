package io.steward.spring.boot.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with every auto-configuration on the class path (Boot's web, session and Redis
 * ones and Steward's), as an application built with the starter would have: the test names no
 * Boot class whose package differs between Boot 3.5 and 4.0.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class SessionApplication {

    @RestController
    static class LoginController {

        /** Puts the user in the session; the session id goes out in the cookie. */
        @PostMapping("/login")
        String login(@RequestParam("user") String user, HttpSession session) {
            session.setAttribute("user", user);
            return user;
        }

        /** The user of the session the cookie names, or 401 without one. */
        @GetMapping("/me")
        ResponseEntity<String> me(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            Object user = session == null ? null : session.getAttribute("user");
            return user == null ? ResponseEntity.status(401).body("no session") : ResponseEntity.ok(user.toString());
        }
    }
}
