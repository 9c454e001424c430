package io.steward.ops.config;

/**
 * The deployment profile, which picks defaults for pools, memory and timeouts. Written in
 * {@code steward.yaml} in lower case ({@code development}, {@code production}).
 */
public enum Profile {
    /** A laptop or CI: short timeouts, fast Sentinel failure detection, small memory. */
    DEVELOPMENT,
    /** Real servers: conservative timeouts and Sentinel down-after of five seconds. */
    PRODUCTION;

    /** The spelling used in {@code steward.yaml}. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
