/**
 * Reading Redis RDB files: a streaming parser for backups, restores and verification.
 *
 * <p>{@link io.steward.backup.rdb.RdbReader} reads an RDB file (Redis 7.0 writes version 10) in
 * one pass with flat memory, verifies its CRC-64 footer, and hands every key to a {@link
 * io.steward.backup.rdb.RdbVisitor} with its database, expiry and encoded value: the bytes exactly
 * as in the file, which {@link io.steward.backup.rdb.DumpPayload} turns into a {@code RESTORE}
 * payload without re-encoding. {@link io.steward.backup.rdb.RdbValue} decodes a value into a
 * canonical form, and {@link io.steward.backup.rdb.DatasetDigest} sums those into a digest that is
 * equal for a server and a server restored from its backup.
 *
 * <p>Why our own parser rather than {@code com.moilioncircle:redis-replicator} (DESIGN.md §2): a
 * restore needs each value's raw bytes and a verified checksum, and a 1 GB file needs a skip path that
 * allocates nothing per element. redis-replicator 3.8.1 reads the CRC-64 footer without verifying it
 * ({@code DefaultRdbVisitor.applyEof}) and builds event objects with boxed expiries per key.
 *
 * <p>Format knowledge comes from the Redis sources ({@code rdb.h}, {@code rdb.c}, {@code listpack.c},
 * {@code ziplist.c}, {@code intset.c}, {@code zipmap.c}, {@code lzf_d.c}, {@code crc64.c}, {@code
 * t_stream.c}, {@code cluster.c}).
 */
package io.steward.backup.rdb;
