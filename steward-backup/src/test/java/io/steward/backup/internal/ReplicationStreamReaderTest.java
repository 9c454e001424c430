package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicationStreamReaderTest {

    @Test
    void rejectsTimeoutsBelowOneMillisecondNamingTheField() {
        ReplicationStreamReader.Builder builder = ReplicationStreamReader.builder(HostAndPort.of("127.0.0.1", 6379));

        assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO)).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.user(" ")).hasMessageContaining("user");
    }

    @Test
    void reportsRefusedWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ReplicationStreamReader reader = ReplicationStreamReader.builder(HostAndPort.of("127.0.0.1", port))
                .user("backup")
                .build();

        assertThatThrownBy(() -> reader.transfer("secret".toCharArray(), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ConnectionFailedException.Reason.REFUSED))
                .hasMessageNotContaining("secret");
    }

    @Test
    void reportsTimedOutWhenThePeerNeverAnswers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReplicationStreamReader reader = ReplicationStreamReader.builder(
                            HostAndPort.of("127.0.0.1", silent.getLocalPort()))
                    .user("backup")
                    .readTimeout(Duration.ofMillis(200))
                    .build();

            assertThatThrownBy(() -> reader.transfer("secret".toCharArray(), new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                            .isEqualTo(ConnectionFailedException.Reason.TIMED_OUT))
                    .hasMessageContaining("AUTH")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void reportsClosedWhenThePeerHangsUpBeforeThePayload() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the test fails on the client side if this goes wrong
                }
            });
            hangUp.start();
            ReplicationStreamReader reader = ReplicationStreamReader.builder(
                            HostAndPort.of("127.0.0.1", rude.getLocalPort()))
                    .build();

            assertThatThrownBy(() -> reader.transfer(null, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                            .isEqualTo(ConnectionFailedException.Reason.CLOSED));
            hangUp.join();
        }
    }
}
