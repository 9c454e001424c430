package io.steward.monitor.trend;

import static io.steward.monitor.trend.SyntheticHistory.END;
import static io.steward.monitor.trend.SyntheticHistory.GIB;
import static io.steward.monitor.trend.SyntheticHistory.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.Resolution;
import io.steward.monitor.trend.CapacityReport.Advice;
import io.steward.monitor.trend.CapacityReport.NodeCapacity;
import io.steward.monitor.trend.CapacityReport.Recommendation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityPlannerTest {

    private static final String MASTER = "10.0.0.1:6379";
    private static final Duration FOUR_WEEKS = Duration.ofDays(28);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long ONE_GIB = GIB;

    @TempDir
    Path dir;

    private SyntheticHistory synthetic;

    @BeforeEach
    void open() {
        synthetic = new SyntheticHistory(dir);
    }

    @AfterEach
    void close() {
        synthetic.close();
    }

    /** A master sampled hourly for four weeks whose memory ends at {@code currentMib} after growing linearly. */
    private void hourlyMaster(String node, double currentMib, double mibPerDay, long maxmemory) {
        synthetic.samples(node, FOUR_WEEKS, HOUR, age -> node(currentMib - mibPerDay * age, maxmemory, 1.0));
    }

    private static Map<String, Double> node(double usedMib, long maxmemory, double master) {
        Map<String, Double> fields = new HashMap<>();
        fields.put(MetricField.USED_MEMORY, usedMib * MIB);
        fields.put(MetricField.MAXMEMORY, (double) maxmemory);
        fields.put(MetricField.CONNECTED_CLIENTS, 20.0);
        fields.put(MetricField.OPS_PER_SEC, 1_000.0);
        fields.put(MetricField.ROLE_MASTER, master);
        return fields;
    }

    private NodeCapacity planSingle() {
        synthetic.maintain();
        CapacityReport report = CapacityPlanner.plan(synthetic.history, FOUR_WEEKS);
        assertThat(report.nodes()).hasSize(1);
        return report.nodes().get(0);
    }

    @Test
    void capacityMeasuresExactWeeklyGrowthFromHourRollups() {
        hourlyMaster(MASTER, 600, 10, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.resolution()).isEqualTo(Resolution.HOUR);
        assertThat(plan.points()).isEqualTo(28 * 24);
        assertThat(plan.span()).isEqualTo(FOUR_WEEKS.minus(HOUR));
        assertThat(plan.usedMemory()).isEqualTo(Math.round(600 * MIB));
        assertThat(plan.maxmemory()).isEqualTo(ONE_GIB);
        assertThat(plan.memoryGrowth()).hasValueSatisfying(trend -> {
            assertThat(trend.perWeek()).isCloseTo(70 * MIB, within(1.0));
            assertThat(trend.rSquared()).isCloseTo(1.0, within(1e-9));
            assertThat(trend.points()).isEqualTo(28 * 24);
        });
        assertThat(plan.clientsGrowth())
                .hasValueSatisfying(trend -> assertThat(trend.perWeek()).isCloseTo(0, within(1e-9)));
        assertThat(plan.keysGrowth()).isEmpty();
        assertThat(plan.projectedMemoryIn90Days().getAsDouble()).isCloseTo(1500 * MIB, within(1.0));
    }

    @Test
    void capacityGivesDaysUntilEachThresholdAtTheFittedSlope() {
        hourlyMaster(MASTER, 600, 10, ONE_GIB);

        NodeCapacity plan = planSingle();

        // (0.70 * 1024 - 600) / 10 and so on
        assertThat(plan.daysTo70Percent().getAsDouble()).isCloseTo(11.68, within(1e-6));
        assertThat(plan.daysTo85Percent().getAsDouble()).isCloseTo(27.04, within(1e-6));
        assertThat(plan.daysTo100Percent().getAsDouble()).isCloseTo(42.4, within(1e-6));
        assertThat(plan.usedFraction().getAsDouble()).isCloseTo(600.0 / 1024, within(1e-9));
    }

    @Test
    void capacityRecommendsAddMemoryNowWhen85PercentWithinAMonth() {
        hourlyMaster(MASTER, 600, 10, ONE_GIB);

        assertThat(planSingle().recommendation()).isEqualTo(Recommendation.ADD_MEMORY_NOW);
    }

    @Test
    void capacityRecommendsPlanGrowthWhen85PercentWithinNinetyDays() {
        hourlyMaster(MASTER, 600, 5, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.daysTo85Percent().getAsDouble()).isCloseTo(54.08, within(1e-6));
        assertThat(plan.recommendation()).isEqualTo(Recommendation.PLAN_GROWTH);
    }

    @Test
    void capacityRecommendsMonitorWhen85PercentIsFurtherThanNinetyDays() {
        hourlyMaster(MASTER, 600, 1, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.daysTo85Percent().getAsDouble()).isCloseTo(270.4, within(1e-6));
        assertThat(plan.recommendation()).isEqualTo(Recommendation.MONITOR);
        assertThat(plan.advice()).isEmpty();
    }

    @Test
    void capacityGivesNoDaysWhenMemoryDoesNotGrow() {
        hourlyMaster(MASTER, 600, -2, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.memoryGrowth().orElseThrow().perWeek()).isCloseTo(-14 * MIB, within(1.0));
        assertThat(plan.daysTo70Percent()).isEmpty();
        assertThat(plan.daysTo85Percent()).isEmpty();
        assertThat(plan.daysTo100Percent()).isEmpty();
        assertThat(plan.projectedMemoryIn90Days().getAsDouble()).isCloseTo(600 * MIB, within(1.0));
        assertThat(plan.recommendation()).isEqualTo(Recommendation.MONITOR);
    }

    @Test
    void capacityRecommendsEmergencyWhenFullWithinAWeek() {
        hourlyMaster(MASTER, 960, 10, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.daysTo100Percent().getAsDouble()).isCloseTo(6.4, within(1e-6));
        assertThat(plan.daysTo85Percent().getAsDouble()).isZero();
        assertThat(plan.recommendation()).isEqualTo(Recommendation.EMERGENCY);
    }

    @Test
    void capacityRecommendsEmergencyWhenAbove95PercentWithoutGrowth() {
        hourlyMaster(MASTER, 990, 0, ONE_GIB);

        NodeCapacity plan = planSingle();

        assertThat(plan.daysTo70Percent()).hasValue(0);
        assertThat(plan.daysTo85Percent()).hasValue(0);
        assertThat(plan.daysTo100Percent()).isEmpty();
        assertThat(plan.memoryGrowth().orElseThrow().rSquared()).isEqualTo(1.0);
        assertThat(plan.recommendation()).isEqualTo(Recommendation.EMERGENCY);
    }

    @Test
    void capacityRecommendsAddMemoryNowWhenAbove85PercentWithoutGrowth() {
        hourlyMaster(MASTER, 900, 0, ONE_GIB);

        assertThat(planSingle().recommendation()).isEqualTo(Recommendation.ADD_MEMORY_NOW);
    }

    @Test
    void capacityRecommendsSettingMaxmemoryWhenUnlimited() {
        hourlyMaster(MASTER, 600, 10, 0);

        NodeCapacity plan = planSingle();

        assertThat(plan.recommendation()).isEqualTo(Recommendation.SET_MAXMEMORY);
        assertThat(plan.maxmemory()).isZero();
        assertThat(plan.usedFraction()).isEmpty();
        assertThat(plan.daysTo85Percent()).isEmpty();
        assertThat(plan.memoryGrowth().orElseThrow().perWeek()).isCloseTo(70 * MIB, within(1.0));
    }

    @Test
    void capacityReportsInsufficientDataWhenHistoryIsShorterThanTwoHours() {
        synthetic.samples(MASTER, Duration.ofMinutes(90), Duration.ofMinutes(1), age -> node(600, ONE_GIB, 1));

        NodeCapacity plan = planSingle();

        assertThat(plan.recommendation()).isEqualTo(Recommendation.INSUFFICIENT_DATA);
        assertThat(plan.sufficientData()).isFalse();
        assertThat(plan.points()).isEqualTo(90);
        assertThat(plan.span()).isEqualTo(Duration.ofMinutes(89));
        assertThat(plan.memoryGrowth()).isEmpty();
        assertThat(plan.daysTo85Percent()).isEmpty();
        assertThat(plan.projectedMemoryIn90Days()).isEmpty();
        assertThat(plan.usedMemory()).isEqualTo(Math.round(600 * MIB));
    }

    @Test
    void capacityReportsInsufficientDataWhenFewerThanTenPoints() {
        synthetic.samples(MASTER, Duration.ofHours(9), HOUR, age -> node(600 - age, ONE_GIB, 1));

        NodeCapacity plan = planSingle();

        assertThat(plan.points()).isEqualTo(9);
        assertThat(plan.span()).isEqualTo(Duration.ofHours(8));
        assertThat(plan.recommendation()).isEqualTo(Recommendation.INSUFFICIENT_DATA);
    }

    @Test
    void capacityReadsYoungHistoryAtMinuteResolution() {
        synthetic.samples(MASTER, Duration.ofHours(5), Duration.ofMinutes(1), age -> node(600 - 24 * age, ONE_GIB, 1));

        NodeCapacity plan = planSingle();

        assertThat(plan.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(plan.points()).isEqualTo(300);
        assertThat(plan.memoryGrowth().orElseThrow().perWeek()).isCloseTo(7 * 24 * MIB, within(1.0));
        assertThat(plan.recommendation()).isNotEqualTo(Recommendation.INSUFFICIENT_DATA);
    }

    @Test
    void capacityPlansOnlyMastersWhenRolesAreRecorded() {
        hourlyMaster("a:6379", 600, 1, ONE_GIB);
        synthetic.samples("b:6379", FOUR_WEEKS, HOUR, age -> node(700 - age, ONE_GIB, 0));
        hourlyMaster("c:6379", 960, 10, ONE_GIB);
        synthetic.maintain();

        CapacityReport report = CapacityPlanner.plan(synthetic.history, FOUR_WEEKS);

        assertThat(report.rolesKnown()).isTrue();
        assertThat(report.nodes()).extracting(NodeCapacity::node).containsExactly("a:6379", "c:6379");
        assertThat(report.nodes())
                .extracting(NodeCapacity::recommendation)
                .containsExactly(Recommendation.MONITOR, Recommendation.EMERGENCY);
        assertThat(report.recommendation()).isEqualTo(Recommendation.EMERGENCY);
    }

    @Test
    void capacityPlansLargestNodeWhenRolesAreUnknown() {
        for (String node : new String[] {"a:6379", "b:6379", "c:6379"}) {
            double mib = node.startsWith("b") ? 800 : 500;
            synthetic.samples(node, FOUR_WEEKS, HOUR, age -> {
                Map<String, Double> fields = node(mib, ONE_GIB, 1);
                fields.remove(MetricField.ROLE_MASTER);
                return fields;
            });
        }

        CapacityReport report = CapacityPlanner.plan(synthetic.maintain().history, FOUR_WEEKS);

        assertThat(report.rolesKnown()).isFalse();
        assertThat(report.nodes()).extracting(NodeCapacity::node).containsExactly("b:6379");
    }

    @Test
    void capacityFitsKeysGrowth() {
        synthetic.samples(MASTER, FOUR_WEEKS, HOUR, age -> {
            Map<String, Double> fields = node(600, ONE_GIB, 1);
            fields.put(MetricField.KEYS, 1_000_000 - 5_000 * age);
            return fields;
        });

        assertThat(planSingle().keysGrowth()).hasValueSatisfying(trend -> {
            assertThat(trend.perWeek()).isCloseTo(35_000, within(1e-3));
            assertThat(trend.rSquared()).isCloseTo(1.0, within(1e-9));
        });
    }

    @Test
    void capacityAdvisesReplicasWhenClientsGrowFast() {
        synthetic.samples(MASTER, FOUR_WEEKS, HOUR, age -> {
            Map<String, Double> fields = node(600, ONE_GIB, 1);
            fields.put(MetricField.CONNECTED_CLIENTS, 200 - 5 * age); // 35 a week, current 200
            return fields;
        });

        NodeCapacity plan = planSingle();

        assertThat(plan.clientsGrowth().orElseThrow().perWeek()).isCloseTo(35, within(1e-6));
        assertThat(plan.advice()).singleElement().satisfies(advice -> {
            assertThat(advice.kind()).isEqualTo(Advice.Kind.ADD_REPLICAS);
            assertThat(advice.reason()).contains("connected clients grow by 35.0 a week");
        });
    }

    @Test
    void capacityAdvisesNoReplicasWhenClientsGrowSlowerThanTenPercent() {
        synthetic.samples(MASTER, FOUR_WEEKS, HOUR, age -> {
            Map<String, Double> fields = node(600, ONE_GIB, 1);
            fields.put(MetricField.CONNECTED_CLIENTS, 1_000 - 10 * age); // 70 a week, under 100
            return fields;
        });

        assertThat(planSingle().advice()).isEmpty();
    }

    @Test
    void capacityAdvisesReplicasWhenMasterAveragesHighOps() {
        synthetic.samples(MASTER, FOUR_WEEKS, HOUR, age -> {
            Map<String, Double> fields = node(600, ONE_GIB, 1);
            fields.put(MetricField.OPS_PER_SEC, 45_000.0);
            return fields;
        });

        NodeCapacity plan = planSingle();

        assertThat(plan.averageOpsPerSec()).isEqualTo(45_000.0);
        assertThat(plan.advice()).extracting(Advice::kind).containsExactly(Advice.Kind.ADD_REPLICAS);
        assertThat(plan.advice().get(0).reason()).contains("averages 45,000 ops/s");
    }

    @Test
    void capacityAdvisesClusterWhenOpsPeakAbove80k() {
        synthetic.samples(MASTER, FOUR_WEEKS, HOUR, age -> {
            Map<String, Double> fields = node(600, ONE_GIB, 1);
            fields.put(MetricField.OPS_PER_SEC, age == 3.0 ? 95_000.0 : 10_000.0);
            return fields;
        });

        NodeCapacity plan = planSingle();

        assertThat(plan.peakOpsPerSec()).isEqualTo(95_000.0);
        assertThat(plan.advice()).extracting(Advice::kind).containsExactly(Advice.Kind.MOVE_TO_CLUSTER);
        assertThat(plan.advice().get(0).reason()).contains("peaks at 95,000 ops/s");
    }

    @Test
    void capacityAdvisesClusterWhenMemoryProjectedAbove25GiB() {
        hourlyMaster(MASTER, 20 * 1024, 100, 64 * ONE_GIB); // 20 GiB + 90 * 100 MiB = 28.8 GiB

        NodeCapacity plan = planSingle();

        assertThat(plan.advice()).singleElement().satisfies(advice -> {
            assertThat(advice.kind()).isEqualTo(Advice.Kind.MOVE_TO_CLUSTER);
            assertThat(advice.reason()).contains("memory projected at 28.8 GiB in 90 days");
        });
    }

    @Test
    void capacityReportsNoNodesForEmptyHistory() {
        CapacityReport report = CapacityPlanner.plan(synthetic.history, FOUR_WEEKS);

        assertThat(report.nodes()).isEmpty();
        assertThat(report.recommendation()).isEqualTo(Recommendation.INSUFFICIENT_DATA);
        assertThat(report.to()).isEqualTo(END);
        assertThat(report.from()).isEqualTo(END.minus(FOUR_WEEKS));
        assertThat(report.historySince()).isEmpty();
    }

    @Test
    void capacitySaysWhenAFreshHistoryBeginsNotWhenTheWindowDoes() {
        Duration threeHours = Duration.ofHours(3);
        synthetic.samples(MASTER, threeHours, Duration.ofMinutes(1), age -> node(100, ONE_GIB, 1.0));

        CapacityReport report = CapacityPlanner.plan(synthetic.history, FOUR_WEEKS);

        assertThat(report.from()).isEqualTo(END.minus(FOUR_WEEKS));
        assertThat(report.historySince()).contains(END.minus(threeHours));
    }

    @Test
    void capacityHistoryBeginsAtTheWindowWhenTheHistoryIsLonger() {
        hourlyMaster(MASTER, 600, 10, ONE_GIB);
        synthetic.samples(MASTER, FOUR_WEEKS.plusDays(3), Duration.ofDays(1), age -> node(500, ONE_GIB, 1.0));

        CapacityReport report = CapacityPlanner.plan(synthetic.history, FOUR_WEEKS);

        assertThat(report.historySince()).contains(report.from());
    }

    @Test
    void capacityRejectsNonPositiveWindow() {
        assertThatThrownBy(() -> CapacityPlanner.plan(synthetic.history, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}
