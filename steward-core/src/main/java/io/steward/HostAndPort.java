package io.steward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A network endpoint. {@link #parse(String)} accepts {@code host:port} and {@code [ipv6]:port}.
 */
public record HostAndPort(String host, int port) {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    public HostAndPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    public static HostAndPort of(String host, int port) {
        return new HostAndPort(host, port);
    }

    /**
     * The endpoint of a socket address as given (its host string: a name stays a name, nothing is resolved).
     *
     * @return {@code null} when {@code address} is {@code null} or not an {@link InetSocketAddress} (such as a
     *     Unix socket), so that "no address" (a Sentinel that does not know the master) stays distinguishable
     */
    public static HostAndPort of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return new HostAndPort(inet.getHostString(), inet.getPort());
        }
        return null;
    }

    /**
     * Whether this endpoint is on this host by its address alone: {@code localhost} (any case), an IPv4 address in
     * 127.0.0.0/8, or the IPv6 loopback ({@code ::1} in any notation, with or without brackets). Names other than
     * {@code localhost} are not loopback: nothing is resolved, so no DNS server is contacted.
     */
    public boolean isLoopback() {
        return isLoopbackHost(host);
    }

    /** {@link #isLoopback()} for a bare host, such as a bind address; {@code false} for {@code null}. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (IPV4_LOOPBACK.matcher(h).matches()) {
            return octetsInRange(h);
        }
        if (h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.]+")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, not resolved
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean octetsInRange(String ipv4) {
        for (String octet : ipv4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static HostAndPort parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("endpoint must be host:port");
        }
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a port that is not a number", e);
        }
        return new HostAndPort(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
