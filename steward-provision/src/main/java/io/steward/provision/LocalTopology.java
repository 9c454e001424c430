package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.provision.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A running local deployment: its nodes, credentials and TLS files. */
public interface LocalTopology {

    TopologyMode mode();

    DeploymentPlan plan();

    /** The Steward home holding configs, data, secrets and TLS material. */
    Path home();

    String masterName();

    /**
     * The current master: in sentinel mode as the Sentinels report it, in cluster mode the first
     * node that reports itself a master, in standalone mode the node.
     */
    HostAndPort master();

    List<LocalNode> redisNodes();

    List<LocalNode> sentinels();

    /** The node listening on {@code endpoint}. */
    LocalNode node(HostAndPort endpoint);

    /** The password of an ACL user; the caller should clear it when done. */
    char[] password(AclUser user);

    /** The password of the ACL user called {@code userName} ({@code admin}, {@code app}, ...). */
    default char[] password(String userName) {
        return password(AclUser.valueOf(userName.toUpperCase(java.util.Locale.ROOT)));
    }

    Path passwordFile(AclUser user);

    default Path passwordFile(String userName) {
        return passwordFile(AclUser.valueOf(userName.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The TLS files when the deployment uses TLS. */
    Optional<TlsFiles> tls();

    /**
     * Waits until the topology is healthy: replicas in sync, Sentinels agreeing on the master with
     * CKQUORUM passing, or cluster state ok with all slots covered.
     *
     * @throws ProvisionException when it is not healthy within {@code timeout}, saying what is missing
     */
    void awaitHealthy(Duration timeout);
}
