package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.StewardException;
import java.util.List;

/**
 * A restore was asked to write into a server that is not a node of the deployment without the
 * caller saying so and giving that server's credentials. The deployment's credentials are not sent
 * to a server merely because it listens at the given address; nothing was sent to it.
 */
public class ForeignTargetException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final transient HostAndPort target;
    private final transient List<HostAndPort> deploymentNodes;

    public ForeignTargetException(HostAndPort target, String deployment, List<HostAndPort> deploymentNodes) {
        super(target + " is not a node of deployment '" + deployment + "' (its nodes: "
                + (deploymentNodes.isEmpty()
                        ? "none found"
                        : deploymentNodes.toString().replaceAll("[\\[\\]]", ""))
                + "); the restore would send it the deployment's credentials, so nothing was sent");
        this.target = target;
        this.deploymentNodes = List.copyOf(deploymentNodes);
    }

    public HostAndPort target() {
        return target;
    }

    public List<HostAndPort> deploymentNodes() {
        return deploymentNodes;
    }
}
