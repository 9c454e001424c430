package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill failover --runs 1 --json} against a deployment started by {@code up -d}: a stable, complete schema. */
class DrillFailoverCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void drillOfUpDeploymentPrintsEveryFigureAsJson(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        String base = String.valueOf(FreePorts.portBase(TopologyMode.SENTINEL));
        try {
            CliRun up = CliRun.of(
                    "--home",
                    home.toString(),
                    "--json",
                    "up",
                    "-d",
                    "--topology",
                    "sentinel",
                    "--profile",
                    "development",
                    "--port-base",
                    base);
            assertThat(up.exitCode()).as(up.toString()).isZero();

            CliRun drill = CliRun.of("--home", home.toString(), "--json", "drill", "failover", "--runs", "1");

            assertThat(drill.exitCode()).as(drill.toString()).isIn(0, 1);
            JsonNode report = JSON.readTree(drill.out());
            JsonNode run = report.get("runs").get(0);
            for (String field : List.of(
                    "mode",
                    "faultAt",
                    "sdownMillis",
                    "odownMillis",
                    "switchMillis",
                    "writeGapMillis",
                    "writers",
                    "ackedWrites",
                    "lostAckedWrites",
                    "oldMasterAcceptedAfterSwitch",
                    "oldMasterRejoined",
                    "throughput",
                    "verdict")) {
                assertThat(run.has(field)).as(field + " in " + run).isTrue();
            }
            assertThat(run.get("mode").asText()).isEqualTo("kill");
            assertThat(run.get("switchMillis").isNumber()).as(run.toString()).isTrue();
            assertThat(run.get("ackedWrites").asLong()).isPositive();
            assertThat(run.get("oldMasterRejoined").asBoolean())
                    .as(run.toString())
                    .isTrue();
            assertThat(run.get("writers").get(0).has("writeGapMillis")).isTrue();
            JsonNode summary = report.get("summary");
            for (String field : List.of("switchMillis", "writeGapMillis", "ackedWrites", "lostAckedWrites")) {
                assertThat(summary.get(field).has("median")).as(field).isTrue();
                assertThat(summary.get(field).has("max")).as(field).isTrue();
            }
            assertThat(summary.get("oldMasterRejoined").asBoolean()).isTrue();
            assertThat(report.get("verdict").asText()).isIn("pass", "warn");
            assertThat(drill.out())
                    .doesNotContain(java.nio.file.Files.readString(home.resolve("secrets/admin.pass"))
                            .strip());
        } finally {
            CliRun down = CliRun.of("--home", home.toString(), "down", "--purge");
            assertThat(down.exitCode()).as(down.toString()).isZero();
        }
    }
}
