package io.steward.client;

import io.steward.HostAndPort;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.tls.TlsFiles;
import java.util.Arrays;
import java.util.List;

/** Client options for a test topology, connecting as one of its ACL users. */
public final class TopologyOptions {

    private TopologyOptions() {}

    public static ClientOptions.Builder as(LocalTopology topology, String user) {
        char[] password = topology.password(user);
        try {
            ClientOptions.Builder builder =
                    ClientOptions.builder().profile(Profile.DEVELOPMENT).credentials(user, password);
            switch (topology.mode()) {
                case STANDALONE -> builder.mode(Mode.STANDALONE).endpoints(topology.master());
                case SENTINEL ->
                    builder.mode(Mode.SENTINEL)
                            .masterName(topology.masterName())
                            .endpoints(endpoints(topology.sentinels()));
                case CLUSTER -> builder.mode(Mode.CLUSTER).endpoints(endpoints(topology.redisNodes()));
            }
            topology.tls().ifPresent(files -> builder.tls(withClientCertificate(files)));
            return builder;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static TlsOptions withClientCertificate(TlsFiles files) {
        return TlsOptions.of(files.ca(), files.clientCert(), files.clientKey());
    }

    private static List<HostAndPort> endpoints(List<LocalNode> nodes) {
        return nodes.stream().map(LocalNode::endpoint).toList();
    }
}
