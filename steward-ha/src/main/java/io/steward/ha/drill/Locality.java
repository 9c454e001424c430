package io.steward.ha.drill;

import io.steward.HostAndPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Whether endpoints are on this host, decided without resolving names (nothing is contacted). */
final class Locality {

    private Locality() {}

    /** {@code localhost}, an address in 127.0.0.0/8, or {@code ::1}. Other names are not trusted to be local. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(h)) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: resolving it would contact DNS, and it may well be remote
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The first endpoint that is not loopback. */
    static Optional<HostAndPort> firstRemote(List<HostAndPort> endpoints) {
        return endpoints.stream().filter(e -> !isLoopback(e.host())).findFirst();
    }
}
