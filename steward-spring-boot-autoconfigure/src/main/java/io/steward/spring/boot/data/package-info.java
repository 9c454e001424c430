/**
 * Spring Data Redis over the Steward deployment: a {@code RedisConnectionFactory} built from the same
 * settings as the {@link io.steward.client.StewardClient}, so {@code RedisTemplate}, Spring Session
 * Data Redis and anything else on Spring Data Redis reach the same nodes, as the same ACL user, and
 * follow a Sentinel failover.
 */
package io.steward.spring.boot.data;
