package io.steward.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoFieldsTest {

    @Test
    void shouldReadFieldsAndReplicasOfMasterInfo() {
        Map<String, String> info = InfoFields.parse("# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
                + "slave0:ip=127.0.0.1,port=6380,state=online,offset=42,lag=0\r\n"
                + "slave1:ip=10.0.0.7,port=6381,state=wait_bgsave,offset=0,lag=1\r\n");
        assertThat(info).containsEntry("role", "master");
        assertThat(InfoFields.replicasOf(info))
                .containsExactly(HostAndPort.of("127.0.0.1", 6380), HostAndPort.of("10.0.0.7", 6381));
    }

    @Test
    void shouldSkipReplicaEntriesWithoutUsableAddress() {
        Map<String, String> info = InfoFields.parse("connected_slaves:2\nslave0:ip=127.0.0.1,state=online\n");
        assertThat(InfoFields.replicasOf(info)).isEmpty();
    }

    @Test
    void shouldFallBackWhenNumberIsMissingOrMalformed() {
        Map<String, String> info = InfoFields.parse("master_last_io_seconds_ago:x\n");
        assertThat(InfoFields.intOf(info, "master_last_io_seconds_ago", -1)).isEqualTo(-1);
        assertThat(InfoFields.intOf(info, "absent", 7)).isEqualTo(7);
    }

    @Test
    void shouldReadNodeAddressesOfClusterNodesAndSkipNoaddr() {
        String reply = "e7d1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n"
                + "67ed 127.0.0.1:7001@17001,node-b master - 0 1 2 connected 5461-10922\n"
                + "292f :0@0 master,fail,noaddr - 0 0 3 disconnected\n";
        assertThat(InfoFields.clusterNodesOf(reply))
                .containsExactly(HostAndPort.of("127.0.0.1", 7000), HostAndPort.of("127.0.0.1", 7001));
    }

    @Test
    void shouldReadMasterAddressesOfClusterNodes() {
        String reply = "e7d1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n"
                + "67ed 127.0.0.1:7001@17001 slave e7d1 0 1 2 connected\n"
                + "292f :0@0 master,fail,noaddr - 0 0 3 disconnected\n";
        assertThat(InfoFields.clusterMastersOf(reply)).containsExactly(HostAndPort.of("127.0.0.1", 7000));
    }
}
