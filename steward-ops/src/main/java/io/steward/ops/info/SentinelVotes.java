package io.steward.ops.info;

import io.steward.HostAndPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which master the Sentinels of a deployment name, by strict majority: the one answer every part of Steward takes
 * as "the master". A plurality is not enough: with three Sentinels where one names A, one names B and one is down,
 * no failover could be authorized and neither A nor B is the master by Sentinel's own rules.
 */
public final class SentinelVotes {

    private SentinelVotes() {}

    /**
     * The address more than half of {@code sentinels} name.
     *
     * @param sentinels every configured Sentinel, reachable or not: each is one vote, so one that cannot be reached
     *                  or does not monitor the master counts against every address
     * @param vote      the address a Sentinel names, or {@code null} when it names none (unreachable, not
     *                  monitoring)
     * @return the address, or {@code null} when no address has a strict majority
     */
    public static <T> HostAndPort majority(List<T> sentinels, Function<? super T, HostAndPort> vote) {
        Objects.requireNonNull(vote, "vote");
        Map<HostAndPort, Integer> votes = new LinkedHashMap<>();
        for (T sentinel : sentinels) {
            HostAndPort named = vote.apply(sentinel);
            if (named != null) {
                votes.merge(named, 1, Integer::sum);
            }
        }
        int needed = needed(sentinels.size());
        return votes.entrySet().stream()
                .filter(e -> e.getValue() >= needed)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /** How many of {@code sentinels} Sentinels make a strict majority: more than half. */
    public static int needed(int sentinels) {
        return sentinels / 2 + 1;
    }
}
