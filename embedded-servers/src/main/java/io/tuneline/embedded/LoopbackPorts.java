package io.tuneline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds TCP ports that are free on the loopback interface. */
public final class LoopbackPorts {

    public static final String LOOPBACK_HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * A port that was free a moment ago. The servers keep the port they were given for their whole life
     * (restarts included), which is why a port is picked up front instead of binding to port 0.
     */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /** Distinct free ports: all are held open until every one is found, so none is returned twice. */
    public static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK_HOST)));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        } finally {
            held.forEach(LoopbackPorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The port was only probed; nothing depends on this socket.
        }
    }
}
