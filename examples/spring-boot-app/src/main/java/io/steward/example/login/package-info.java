/**
 * Sign-in by one-time code with a rate limit, and the signed-in user in a Spring Session kept in
 * Redis through the Steward connection, so that it survives a Sentinel failover.
 */
package io.steward.example.login;
