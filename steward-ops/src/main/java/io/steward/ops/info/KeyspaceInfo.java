package io.steward.ops.info;

/**
 * One {@code dbN:} line of {@code INFO keyspace}, such as {@code db0:keys=1,expires=0,avg_ttl=0}.
 *
 * @param db      the database number
 * @param keys    keys in the database
 * @param expires keys with a time to live
 * @param avgTtl  the estimated average time to live in milliseconds
 */
public record KeyspaceInfo(int db, long keys, long expires, long avgTtl) {}
