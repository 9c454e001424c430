/**
 * What every Steward module shares: the unchecked exception root {@link io.steward.StewardException}
 * with the subtypes a caller can act on, and small value types such as {@link io.steward.HostAndPort}.
 *
 * <p>This module has no dependencies so that the client library stays small.
 */
package io.steward;
