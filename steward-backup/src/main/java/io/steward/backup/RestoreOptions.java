package io.steward.backup;

import io.steward.HostAndPort;

/**
 * How to restore.
 *
 * @param confirmed  the caller confirmed that the target's keys may be replaced; restore refuses
 *                   without it
 * @param preBackup  take a backup of the target first, to roll back to
 * @param target     a node to restore into instead of the configured deployment, or null
 */
public record RestoreOptions(boolean confirmed, boolean preBackup, HostAndPort target) {}
