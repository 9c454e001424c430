/**
 * The {@code steward} command line: picocli commands that call the engines and render their
 * results as text or JSON. The only place that prints or chooses exit codes.
 */
package io.steward.cli;
