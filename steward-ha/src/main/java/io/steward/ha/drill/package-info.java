/**
 * Measured failover drills: writers with unique, sequenced keys through Steward's own connection, a
 * fault (kill, pause or a manual failover), and a report of what the failover cost the clients.
 */
package io.steward.ha.drill;
