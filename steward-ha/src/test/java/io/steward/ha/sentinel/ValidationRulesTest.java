package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ValidationRules} and {@link StatusRules} on hand-made readings: no server needed. */
class ValidationRulesTest {

    private static final HostAndPort MASTER = HostAndPort.of("127.0.0.1", 6379);
    private static final List<HostAndPort> SENTINELS = List.of(
            HostAndPort.of("127.0.0.1", 26379), HostAndPort.of("127.0.0.1", 26380), HostAndPort.of("127.0.0.1", 26381));
    private static final String MASTER_INFO = String.join(
            "\r\n",
            "# Replication",
            "role:master",
            "connected_slaves:2",
            "slave0:ip=127.0.0.1,port=6380,state=online,offset=1000,lag=0",
            "slave1:ip=127.0.0.1,port=6381,state=online,offset=900,lag=1",
            "master_repl_offset:1000",
            "repl_backlog_size:1048576",
            "");

    @Test
    void healthyLocalDeploymentHasOnlyTheLocalHostWarning() {
        List<Finding> findings = validate(survey(sentinels(Map.of()), 1, 100));

        assertThat(problems(findings)).extracting(Finding::check).containsExactly("sentinel-hosts");
        assertThat(problems(findings).get(0).severity()).isEqualTo(Finding.Severity.WARNING);
    }

    @Test
    void sentinelsAllOnOneRemoteHostAreAnError() {
        List<SentinelSnapshot> remote = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            remote.add(snapshot(HostAndPort.of("10.0.0.5", 26379 + i), Map.of(), replicaEntries()));
        }

        List<Finding> findings = validate(survey(remote, 1, 100));

        assertThat(findings("sentinel-hosts", findings)).singleElement().satisfies(f -> assertThat(f.severity())
                .isEqualTo(Finding.Severity.ERROR));
    }

    @Test
    void quorumAboveMajorityIsAnErrorNamingTheMajority() {
        List<Finding> findings = validate(survey(sentinels(Map.of("quorum", "3")), 1, 100));

        assertThat(findings("quorum", findings)).hasSize(3).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.fix()).contains("quorum 2");
        });
    }

    @Test
    void minReplicasToWriteZeroIsAWarningAndUnreadableIsNotChecked() {
        assertThat(findings("min-replicas-to-write", validate(survey(sentinels(Map.of()), 0, 100))))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING));
        assertThat(findings("min-replicas-to-write", validate(survey(sentinels(Map.of()), -1, 100))))
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).startsWith("not checked"));
    }

    @Test
    void backlogSmallerThanWriteRateTimesDownAfterIsAWarning() {
        // 1 MiB backlog, 5 s down-after: 300 KB/s needs 1.5 MB
        List<Finding> findings = validate(survey(sentinels(Map.of("down-after-milliseconds", "5000")), 1, 300_000));

        assertThat(findings("repl-backlog", findings)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.fix()).contains("repl-backlog-size 3000000");
        });
    }

    @Test
    void oneSentinelSeeingTheMasterDownIsAnAuthFindingForThatSentinel() {
        List<SentinelSnapshot> snapshots = new ArrayList<>(sentinels(Map.of()));
        snapshots.set(
                2,
                snapshot(
                        SENTINELS.get(2),
                        Map.of("flags", "s_down,master", "last-ok-ping-reply", "9000"),
                        replicaEntries()));

        List<Finding> findings = validate(survey(snapshots, 1, 100));

        assertThat(findings("sentinel-auth", findings)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.detail()).contains(SENTINELS.get(2).toString());
            assertThat(f.fix()).contains("auth-pass");
        });
    }

    @Test
    void onlyPortZeroEntriesAreStaleAndADownReplicaIsReportedAsDown() {
        List<Map<String, String>> entries = new ArrayList<>(replicaEntries());
        entries.add(Map.of("ip", "127.0.0.1", "port", "0", "flags", "slave"));
        entries.add(Map.of("ip", "127.0.0.1", "port", "7777", "flags", "s_down,slave,disconnected"));
        List<SentinelSnapshot> snapshots =
                SENTINELS.stream().map(s -> snapshot(s, Map.of(), entries)).toList();

        Survey survey = survey(snapshots, 1, -1);
        SentinelStatus status = StatusRules.status(survey);

        // A down node may only be stopped: offering to forget it would let it return as a second master.
        assertThat(status.stale()).extracting(StaleEntry::address).containsOnly("127.0.0.1:0");
        assertThat(status.stale()).hasSize(3);
        assertThat(status.replicas()).extracting(ReplicaView::address).doesNotContain("127.0.0.1:0");
        assertThat(status.findings())
                .filteredOn(f -> f.check().equals("replica-sync"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
                    assertThat(f.detail()).contains("127.0.0.1:7777");
                    assertThat(f.fix()).contains("start the replica").contains("--forget-down");
                });
        assertThat(StatusRules.stale(survey, true))
                .extracting(StaleEntry::address)
                .containsOnly("127.0.0.1:0", "127.0.0.1:7777");
    }

    @Test
    void replicaLagIsMeasuredAgainstTheMastersOffset() {
        SentinelStatus status = StatusRules.status(survey(sentinels(Map.of()), 1, -1));

        assertThat(status.replicas())
                .extracting(ReplicaView::address, ReplicaView::offsetLagBytes, ReplicaView::lagSeconds)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:6380", 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:6381", 100L, 1L));
        assertThat(status.agreed()).isTrue();
        assertThat(status.findings()).isEmpty();
    }

    @Test
    void disagreeingSentinelsAreAnError() {
        List<SentinelSnapshot> snapshots = new ArrayList<>(sentinels(Map.of()));
        SentinelSnapshot odd = snapshots.get(2);
        snapshots.set(
                2,
                new SentinelSnapshot(
                        odd.endpoint(),
                        null,
                        odd.info(),
                        odd.master(),
                        HostAndPort.of("127.0.0.1", 6380),
                        odd.replicas(),
                        odd.sentinels(),
                        true,
                        "OK"));

        SentinelStatus status = StatusRules.status(survey(snapshots, 1, -1));

        assertThat(status.agreed()).isFalse();
        assertThat(status.findings()).extracting(Finding::check).contains("master-agreement");
    }

    @Test
    void unreachableSentinelIsAWarningNotACrash() {
        List<SentinelSnapshot> snapshots = new ArrayList<>(sentinels(Map.of()));
        snapshots.set(0, SentinelSnapshot.unreachable(SENTINELS.get(0), "connection refused"));

        SentinelStatus status = StatusRules.status(survey(snapshots, 1, -1));

        assertThat(status.sentinels().get(0).error()).isEqualTo("connection refused");
        assertThat(status.findings())
                .extracting(Finding::check, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sentinel-reachable", Finding.Severity.WARNING));
    }

    @Test
    void sentinelsNamingTwoMastersWithOneDownHaveNoMasterAndAnAgreementError() {
        List<SentinelSnapshot> snapshots = new ArrayList<>(sentinels(Map.of()));
        SentinelSnapshot b = snapshots.get(1);
        snapshots.set(
                1,
                new SentinelSnapshot(
                        b.endpoint(),
                        null,
                        b.info(),
                        b.master(),
                        HostAndPort.of("127.0.0.1", 6380),
                        b.replicas(),
                        b.sentinels(),
                        true,
                        ""));
        snapshots.set(2, SentinelSnapshot.unreachable(SENTINELS.get(2), "connection refused"));

        Survey survey = survey(snapshots, 1, -1);
        SentinelStatus status = StatusRules.status(survey);

        assertThat(survey.master()).as("a plurality or a tie is no master").isNull();
        assertThat(status.master()).isNull();
        assertThat(findings("master-agreement", status.findings()))
                .singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR));
    }

    @Test
    void oneOfThreeSentinelsNamingTheMasterIsNoMajority() {
        List<SentinelSnapshot> snapshots = new ArrayList<>(sentinels(Map.of()));
        snapshots.set(1, SentinelSnapshot.unreachable(SENTINELS.get(1), "connection refused"));
        snapshots.set(2, SentinelSnapshot.unreachable(SENTINELS.get(2), "connection refused"));

        List<Finding> findings = validate(survey(snapshots, 1, -1));

        assertThat(Survey.majorityMaster(snapshots)).isNull();
        assertThat(findings("master-agreement", findings)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.detail()).contains("only 1 of 3").contains("majority of 2");
        });
    }

    @Test
    void sentinelsOnLocalhostByNameAreALocalDeployment() {
        List<SentinelSnapshot> named = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            named.add(snapshot(HostAndPort.of("LocalHost", 26379 + i), Map.of(), replicaEntries()));
        }

        assertThat(findings("sentinel-hosts", validate(survey(named, 1, 100))))
                .singleElement()
                .satisfies(f -> assertThat(f.detail()).startsWith("local deployment"));
    }

    // ---- fixtures ----

    private static List<Finding> validate(Survey survey) {
        return new ValidationRules(survey, StatusRules.replicas(survey), StatusRules.stale(survey, false)).all();
    }

    private static List<Finding> problems(List<Finding> findings) {
        return findings.stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .toList();
    }

    private static List<Finding> findings(String check, List<Finding> findings) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    private static Survey survey(List<SentinelSnapshot> sentinels, long minReplicas, double rate) {
        return new Survey(
                Instant.EPOCH,
                "steward",
                sentinels,
                Survey.majorityMaster(sentinels),
                InfoSnapshot.parse(MASTER_INFO),
                null,
                minReplicas,
                rate);
    }

    private static List<SentinelSnapshot> sentinels(Map<String, String> masterOverrides) {
        return SENTINELS.stream()
                .map(s -> snapshot(s, masterOverrides, replicaEntries()))
                .toList();
    }

    private static SentinelSnapshot snapshot(
            HostAndPort endpoint, Map<String, String> masterOverrides, List<Map<String, String>> replicas) {
        Map<String, String> master = new HashMap<>(Map.of(
                "name", "steward",
                "flags", "master",
                "quorum", "2",
                "down-after-milliseconds", "1500",
                "failover-timeout", "60000",
                "parallel-syncs", "1",
                "last-ok-ping-reply", "100",
                "config-epoch", "0"));
        master.putAll(masterOverrides);
        List<Map<String, String>> others = SENTINELS.stream()
                .filter(s -> !s.equals(endpoint))
                .map(s -> Map.of("ip", s.host(), "port", String.valueOf(s.port())))
                .toList();
        return new SentinelSnapshot(
                endpoint,
                null,
                InfoSnapshot.parse("# Sentinel\r\nsentinel_tilt:0\r\n"),
                master,
                MASTER,
                replicas,
                others,
                true,
                "OK 3 usable Sentinels");
    }

    private static List<Map<String, String>> replicaEntries() {
        return List.of(
                Map.of(
                        "ip",
                        "127.0.0.1",
                        "port",
                        "6380",
                        "flags",
                        "slave",
                        "master-link-status",
                        "ok",
                        "slave-priority",
                        "100"),
                Map.of(
                        "ip",
                        "127.0.0.1",
                        "port",
                        "6381",
                        "flags",
                        "slave",
                        "master-link-status",
                        "ok",
                        "slave-priority",
                        "100"));
    }
}
