package io.steward.server.collect;

import io.steward.monitor.alert.Observation;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.NodeSample;
import io.steward.monitor.history.SlowlogEntry;
import java.util.List;
import java.util.Objects;

/**
 * What one collection round produced.
 *
 * @param view         the deployment as seen
 * @param samples      one history sample per answering node
 * @param slowlog      slowlog entries not seen in an earlier round
 * @param latency      latency events ({@code LATENCY LATEST}) not seen in an earlier round
 * @param events       timeline events the round detected (new master, restarted node)
 * @param observations what the alert rules judge: one per node, Sentinel and the deployment
 * @param commands     how many commands the round sent to Redis and Sentinel
 */
public record CollectionRound(
        TopologyView view,
        List<NodeSample> samples,
        List<SlowlogEntry> slowlog,
        List<LatencyEvent> latency,
        List<Event> events,
        List<Observation> observations,
        int commands) {

    public CollectionRound {
        Objects.requireNonNull(view, "view");
        samples = List.copyOf(samples);
        slowlog = List.copyOf(slowlog);
        latency = List.copyOf(latency);
        events = List.copyOf(events);
        observations = List.copyOf(observations);
    }

    /** This round with {@code newView} in place of its view. */
    public CollectionRound withView(TopologyView newView) {
        return new CollectionRound(newView, samples, slowlog, latency, events, observations, commands);
    }
}
