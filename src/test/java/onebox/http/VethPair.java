package onebox.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace joined to this host by a veth pair: the host side gets 10.200.N.1/30,
 * the namespace 10.200.N.2/30. A client run inside the namespace reaches a server bound to
 * the host side as a non-loopback peer, and the traffic never leaves this machine. Needs
 * root and iproute2; {@link #close} removes both.
 */
final class VethPair implements AutoCloseable {

    private static final long COMMAND_SECONDS = 20;

    final String namespace;
    final String hostAddress;
    final String clientAddress;
    private final String hostLink;

    private VethPair(int subnet) {
        String suffix = Long.toHexString(ProcessHandle.current().pid()) + Integer.toHexString(subnet);
        namespace = "onebox-t" + suffix;
        hostLink = "obh" + suffix;
        hostAddress = "10.200." + subnet + ".1";
        clientAddress = "10.200." + subnet + ".2";
    }

    /** Skips the test where this host cannot make a pair, and fails it under CI=true: there a missing tool is a failure. */
    static void assumeAvailable() {
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/ip"))
                && Files.isExecutable(Path.of("/usr/bin/curl"))) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("this test needs root, iproute2 (/usr/sbin/ip) and curl");
        }
        Assumptions.abort("needs root, iproute2 and curl");
    }

    static VethPair create() throws IOException, InterruptedException {
        var pair = new VethPair(ThreadLocalRandom.current().nextInt(256));
        String peer = "obn" + pair.hostLink.substring(3);
        try {
            run("ip", "netns", "add", pair.namespace);
            run("ip", "link", "add", pair.hostLink, "type", "veth", "peer", "name", peer);
            run("ip", "link", "set", peer, "netns", pair.namespace);
            run("ip", "addr", "add", pair.hostAddress + "/30", "dev", pair.hostLink);
            run("ip", "link", "set", pair.hostLink, "up");
            pair.inside("ip", "addr", "add", pair.clientAddress + "/30", "dev", peer);
            pair.inside("ip", "link", "set", peer, "up");
            pair.inside("ip", "link", "set", "lo", "up");
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** Runs a command inside the namespace and returns its standard output. */
    String inside(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + process.exitValue() + ": " + output);
        }
        return output;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            // Deleting one end of a veth pair deletes the other, wherever it is.
            run("sh", "-c", "ip link del " + hostLink + " 2>/dev/null || true");
        } finally {
            run("sh", "-c", "ip netns del " + namespace + " 2>/dev/null || true");
        }
    }
}
