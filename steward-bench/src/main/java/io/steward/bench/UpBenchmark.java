package io.steward.bench;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Measures {@link LocalDeployment#start} from the call to its return (healthy: replicas in sync,
 * Sentinels agreeing with CKQUORUM passing, or cluster state ok), for every topology with TLS off
 * and on, each run in a fresh home on free ports. Includes secret and certificate generation and
 * config rendering, as a first {@code steward up} does. One untimed start first warms up the JVM, so
 * that class loading does not land on the first measured run.
 */
final class UpBenchmark {

    static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(90);
    static final String PEER_NOTE = "no peer: there is no comparable single-command tool that provisions"
            + " hardened standalone, Sentinel and Cluster topologies, so there is no ratio";

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    UpBenchmark(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    UpReport run() {
        progress.accept("up: one untimed standalone TLS start to load classes (JVM warm-up) ...");
        timeOneStart(TopologyMode.STANDALONE, true);
        List<UpReport.TopologyTiming> results = new ArrayList<>();
        for (TopologyMode mode : TopologyMode.values()) {
            for (boolean tls : new boolean[] {false, true}) {
                List<Double> seconds = new ArrayList<>();
                for (int run = 1; run <= args.runs(); run++) {
                    double s = timeOneStart(mode, tls);
                    progress.accept(String.format(
                            "up %s%s run %d/%d: %.3f s", mode.id(), tls ? " tls" : "", run, args.runs(), s));
                    seconds.add(s);
                }
                results.add(new UpReport.TopologyTiming(mode.id(), tls, List.copyOf(seconds), Summary.of(seconds)));
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("runs", args.runs());
        parameters.put("profile", args.profile().id());
        parameters.put(
                "measured",
                "LocalDeployment.start(...) call to return (healthy), fresh temp home and"
                        + " free ports each run; includes secrets, TLS certificates and config rendering; after one untimed"
                        + " standalone TLS start that warms up the JVM");
        parameters.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return new UpReport("up", parameters, null, PEER_NOTE, List.copyOf(results));
    }

    private double timeOneStart(TopologyMode mode, boolean tls) {
        DeploymentPlan plan = DeploymentPlan.local(mode, args.profile(), tls, FreePorts.portBase(mode));
        try (BenchHome home = BenchHome.create("up", progress)) {
            long start = nanoTime.getAsLong();
            LocalDeployment deployment = LocalDeployment.start(plan, home.path(), binaries, HEALTHY_TIMEOUT);
            long healthy = nanoTime.getAsLong();
            deployment.close();
            return Seconds.of(healthy - start);
        }
    }
}
