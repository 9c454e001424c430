package io.steward.backup;

import io.steward.HostAndPort;
import java.util.Objects;

/**
 * How to restore.
 *
 * @param confirmed          the caller confirmed that the target's keys may be replaced; restore
 *                           refuses without it
 * @param preBackup          take a backup of the target first, to roll back to
 * @param target             a node to restore into instead of the configured deployment, or null
 * @param targetCredentials  for a {@code target} outside the deployment: the caller's explicit
 *                           consent and the credentials to use there instead of the deployment's;
 *                           null for a node of the deployment (a target outside it is then refused)
 */
public record RestoreOptions(boolean confirmed, boolean preBackup, HostAndPort target, Credentials targetCredentials) {

    public RestoreOptions {
        if (targetCredentials != null && target == null) {
            throw new IllegalArgumentException("targetCredentials are only for a target");
        }
    }

    /** Options for the deployment, or for {@code target} when it is one of its nodes. */
    public RestoreOptions(boolean confirmed, boolean preBackup, HostAndPort target) {
        this(confirmed, preBackup, target, null);
    }

    /**
     * A user and password on a server outside the deployment. The password array is the caller's:
     * it is read, not copied or cleared.
     */
    public record Credentials(String user, char[] password) {
        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=(hidden)]";
        }
    }
}
