package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a failover counts as confirmed, and the order its result lists the Sentinels in. */
class FailoverConfirmationTest {

    private static final HostAndPort OLD = HostAndPort.of("127.0.0.1", 6379);
    private static final HostAndPort NEW = HostAndPort.of("127.0.0.1", 6380);
    private static final List<HostAndPort> SENTINELS = List.of(
            HostAndPort.of("127.0.0.1", 26381), HostAndPort.of("127.0.0.1", 26379), HostAndPort.of("127.0.0.1", 26380));

    @Test
    void confirmedOnlyWhenEverySentinelNamesTheSameNewMaster() {
        assertThat(SentinelAdmin.agreedNewMaster(seen(NEW, NEW, NEW), OLD)).isEqualTo(NEW);
        assertThat(SentinelAdmin.agreedNewMaster(seen(NEW, NEW, OLD), OLD)).isNull();
        assertThat(SentinelAdmin.agreedNewMaster(seen(OLD, OLD, OLD), OLD)).isNull();
        Map<HostAndPort, String> oneUnreachable = seen(NEW, NEW, NEW);
        oneUnreachable.put(SENTINELS.get(2), "unreachable: connection refused");
        assertThat(SentinelAdmin.agreedNewMaster(oneUnreachable, OLD)).isNull();
    }

    @Test
    void resultListsTheSentinelsInTheOrderGiven() {
        FailoverResult result = new FailoverResult(OLD, NEW, 10, true, SENTINELS.get(0), seen(NEW, NEW, NEW), null);

        assertThat(result.lastSeen().keySet()).containsExactlyElementsOf(SENTINELS);
    }

    private static Map<HostAndPort, String> seen(HostAndPort... named) {
        Map<HostAndPort, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < named.length; i++) {
            seen.put(SENTINELS.get(i), named[i].toString());
        }
        return seen;
    }
}
