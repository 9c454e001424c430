package io.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.netty.channel.ConnectTimeoutException;
import io.steward.AuthenticationFailedException;
import io.steward.ConnectionFailedException;
import io.steward.ConnectionFailedException.Reason;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RedisErrorMapperTest {

    private static final HostAndPort NODE = HostAndPort.of("127.0.0.1", 6390);

    private static RuntimeException map(Throwable failure) {
        return RedisErrorMapper.map(failure, NODE, "app", "set");
    }

    @Test
    void shouldMapToAuthenticationFailedWhenHandshakeGetsWrongpass() {
        RuntimeException mapped = map(new RedisConnectionException(
                "Unable to connect to 127.0.0.1:6390",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.")));

        assertThat(mapped).isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
            assertThat(e.endpoint()).isEqualTo(NODE);
            assertThat(e.user()).isEqualTo("app");
        });
    }

    @Test
    void shouldMapToAuthenticationFailedWhenServerSaysNoauth() {
        assertThat(map(new RedisCommandExecutionException("NOAUTH Authentication required.")))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void shouldNameDefaultUserWhenNoUsernameIsConfigured() {
        RuntimeException mapped = RedisErrorMapper.map(
                new RedisCommandExecutionException("NOAUTH Authentication required."), NODE, null, null);

        assertThat(mapped).isInstanceOfSatisfying(AuthenticationFailedException.class, e -> assertThat(e.user())
                .isEqualTo("default"));
    }

    @Test
    void shouldMapToPermissionDeniedWithCommandWhenRedis70SaysNoperm() {
        RuntimeException mapped = map(new RedisCommandExecutionException(
                "NOPERM this user has no permissions to run the 'flushall' command"));

        assertThat(mapped).isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.user()).isEqualTo("app");
            assertThat(e.command()).isEqualTo("flushall");
        });
    }

    @Test
    void shouldMapToPermissionDeniedWithCommandWhenRedis72SaysNoperm() {
        RuntimeException mapped = map(new RedisCommandExecutionException(
                "NOPERM User app has no permissions to run the 'config|set' command"));

        assertThat(mapped).isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.command())
                .isEqualTo("config|set"));
    }

    @Test
    void shouldNameInvokedCommandWhenNopermIsAboutKeys() {
        RuntimeException mapped = map(new RedisCommandExecutionException(
                "NOPERM this user has no permissions to access one of the keys used as arguments"));

        assertThat(mapped).isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.command())
                .isEqualTo("set"));
    }

    @Test
    void shouldMapToRefusedWhenConnectIsRefused() {
        RuntimeException mapped = map(new RedisConnectionException(
                "Unable to connect to 127.0.0.1:6390", new ConnectException("Connection refused")));

        assertThat(mapped).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.endpoint()).isEqualTo(NODE);
            assertThat(e.getMessage()).contains("127.0.0.1:6390");
        });
    }

    @Test
    void shouldMapToTimedOutWhenConnectTimesOut() {
        RuntimeException mapped = map(new RedisConnectionException(
                "Unable to connect", new ConnectTimeoutException("connection timed out: /10.255.255.1:6379")));

        assertThat(mapped).isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                .isEqualTo(Reason.TIMED_OUT));
    }

    @Test
    void shouldMapToTimedOutWhenCommandTimesOut() {
        assertThat(map(new RedisCommandTimeoutException("Command timed out after 2 second(s)")))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.TIMED_OUT));
    }

    @Test
    void shouldMapToTlsHandshakeWhenCertificateIsNotTrusted() {
        RuntimeException mapped = map(new RedisConnectionException(
                "Unable to connect", new SSLHandshakeException("PKIX path building failed")));

        assertThat(mapped).isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                .isEqualTo(Reason.TLS_HANDSHAKE));
    }

    @Test
    void shouldMapToClosedWhenConnectionIsClosed() {
        assertThat(map(new RedisException("Connection closed")))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.CLOSED));
        assertThat(map(new RedisException("Currently not connected. Commands are rejected.")))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.CLOSED));
        // what Lettuce completes queued commands with when the channel goes inactive (a killed master)
        assertThat(map(new RedisException("Connection disconnected")))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.CLOSED));
    }

    @Test
    void shouldMapToClosedWhenMasterTurnedReplica() {
        RuntimeException mapped =
                map(new RedisCommandExecutionException("READONLY You can't write against a read only replica."));

        assertThat(mapped).isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CLOSED);
            assertThat(e.getMessage()).contains("READONLY");
        });
        assertThat(RedisErrorMapper.isConnectionLost(mapped)).isTrue();
    }

    @Test
    void shouldUnwrapWhenFailureIsWrappedInCompletionException() {
        RuntimeException mapped = map(new CompletionException(
                new RedisCommandExecutionException("NOPERM this user has no permissions to run the 'keys' command")));

        assertThat(mapped).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void shouldReturnServerErrorUnchangedWhenItIsNoDeploymentCondition() {
        RedisCommandExecutionException wrongType =
                new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value");

        assertThat(map(wrongType)).isSameAs(wrongType);
    }

    @Test
    void shouldKeepCauseWhenMapping() {
        RedisCommandExecutionException cause = new RedisCommandExecutionException("NOAUTH Authentication required.");

        assertThat(map(cause)).hasCause(cause);
    }
}
