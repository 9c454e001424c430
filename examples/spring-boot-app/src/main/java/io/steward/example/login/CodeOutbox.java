package io.steward.example.login;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where sign-in codes are "sent": this example keeps the last code per user in memory, so that its
 * integration test can read it the way a person reads their mail. A real application hands the
 * code to its mail or SMS service instead, and never logs it, stores it or puts it in a response:
 * whoever reads the code can sign in as the user.
 */
@Component
public class CodeOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(CodeOutbox.class);

    private final Map<String, String> lastCodes = new ConcurrentHashMap<>();

    /** Delivers {@code code} to {@code user}. */
    public void send(String user, String code) {
        lastCodes.put(user, code);
        LOG.info("sign-in code sent to {}", user); // the user, never the code
    }

    /** The last code sent to {@code user}. */
    public Optional<String> lastCodeFor(String user) {
        return Optional.ofNullable(lastCodes.get(user));
    }
}
