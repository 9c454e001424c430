/**
 * Real Redis topologies for JUnit 5 tests: annotate a test class with {@link io.steward.test.RedisTopology}
 * and take a {@link io.steward.provision.LocalTopology} parameter. One topology per test class,
 * started on free loopback ports in a temporary Steward home and stopped after the class.
 */
package io.steward.test;
