package com.danubemessaging.connect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 (or another local address) in front of a real server, so that a test can make that server unreachable for one
 * client only: {@link #cut()} closes every forwarded connection and the listening socket (new connections are
 * refused), {@link #restore()} listens again on the same port. Other users of the server are not affected.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final InetAddress listenAddress;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket listener;

    private TcpProxy(InetAddress listenAddress, InetSocketAddress target) throws IOException {
        this.target = target;
        this.listenAddress = listenAddress;
        ServerSocket first = bind(0);
        this.port = first.getLocalPort();
        listen(first);
    }

    /** Starts forwarding a free port of 127.0.0.1 to {@code host:port}. */
    public static TcpProxy start(String host, int port) {
        return startOn(InetAddress.getLoopbackAddress(), host, port);
    }

    /**
     * Starts forwarding a free port of {@code listenAddress} to {@code host:port}: another local address than
     * 127.0.0.1 makes a server that listens only on loopback reachable from other network namespaces of this host
     * (the end-to-end tests' pods reach their Services this way).
     */
    public static TcpProxy startOn(InetAddress listenAddress, String host, int port) {
        try {
            return new TcpProxy(listenAddress, new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a TCP proxy to " + host + ":" + port, e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** Connections accepted so far. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Whether the proxy currently forwards. */
    public boolean isUp() {
        ServerSocket current = listener;
        return current != null && !current.isClosed();
    }

    /** Drops every forwarded connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (isUp()) {
            return;
        }
        try {
            listen(bind(port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listenAddress.getHostAddress() + ":" + port
                    + " again", e);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(listenAddress, port));
        return socket;
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> acceptLoop(socket), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                accepted.incrementAndGet();
                Socket server = new Socket();
                try {
                    server.connect(target, 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return; // the listener was closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away (or cut() closed both); the other pump ends too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }
}
