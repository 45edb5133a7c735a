package io.tuneline.cli.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks on the loopback interface, where everything the launcher starts listens. */
public final class LoopbackPort {

    public static final String HOST = "127.0.0.1";

    private LoopbackPort() {
    }

    /** Whether a server could listen on {@code port} right now (it fails if anything, on any address, holds it). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago, picked by the operating system. */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free port on " + HOST + ": " + e.getMessage(), e);
        }
    }
}
