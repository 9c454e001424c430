/**
 * The {@code steward.yaml} deployment file: an immutable model ({@link io.steward.ops.config.StewardConfig}
 * and its sections), {@link io.steward.ops.config.ConfigLoader} which reads and validates a file, and
 * {@link io.steward.ops.config.ConfigWriter} which writes one back.
 *
 * <p>Every problem in a file is reported as an {@link io.steward.ConfigException} naming the file, the
 * line, the field path (such as {@code topology.mode}) and what is allowed. Relative paths in a file
 * resolve against the directory holding the file. Secrets come from files readable only by their
 * owner or from {@code ${VAR}} references, and never appear in {@code toString()}.
 */
package io.steward.ops.config;
