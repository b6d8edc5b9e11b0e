package dev.hookline.local.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Asks whether a port can be listened on, so serve can name the flag of one that cannot before it starts anything. */
final class Ports {

    private Ports() {
    }

    /** True when {@code port} is 0 (any free one) or nothing listens on it on {@code host}. */
    static boolean isFree(String host, int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
