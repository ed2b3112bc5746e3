package onebox.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Addresses and names: the default bind address, loopback checks, certificate names. */
final class Hosts {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private static volatile String wildcard;

    private Hosts() {}

    /**
     * "::" when this machine can listen on IPv6 (on Linux that socket also accepts IPv4,
     * unless net.ipv6.bindv6only is set), else "0.0.0.0". Decided by trying, because an
     * IPv6 address on an interface does not prove that the kernel lets us bind one.
     */
    static String wildcardAddress() {
        String known = wildcard;
        if (known == null) {
            known = canListenOnIpv6() ? "::" : "0.0.0.0";
            wildcard = known;
        }
        return known;
    }

    static boolean isWildcard(String address) {
        return address.equals("::") || address.equals("0.0.0.0");
    }

    /** True for localhost and loopback literals; other names are resolved. */
    static boolean isLoopback(String address) throws UnknownHostException {
        if (address.equalsIgnoreCase("localhost")) {
            return true;
        }
        return InetAddress.getByName(address).isLoopbackAddress();
    }

    static boolean isIpLiteral(String name) {
        var ipv4 = IPV4.matcher(name);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!IPV6.matcher(name).matches()) {
            return false;
        }
        try {
            // A literal with a colon is parsed, never looked up.
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A DNS name (no wildcard: HTTP-01 and TLS-ALPN-01 cannot prove one) or an IP address. */
    static boolean isCertificateName(String name) {
        if (isIpLiteral(name)) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 253 || lower.endsWith(".")) {
            return false;
        }
        for (String label : lower.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** An address to bind: an IP literal or a host name. */
    static boolean isBindAddress(String address) {
        return isIpLiteral(address) || isCertificateName(address);
    }

    private static boolean canListenOnIpv6() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::"), 0), 1);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
