package com.danubemessaging.connect.connectors.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/** Socket factories that set TCP_NODELAY ({@code mqtt.tcp_nodelay}) on every socket Paho creates. */
final class NoDelaySocketFactories {
    private NoDelaySocketFactories() {
    }

    static SocketFactory plain(boolean noDelay) {
        return new Plain(SocketFactory.getDefault(), noDelay);
    }

    static SSLSocketFactory tls(SSLSocketFactory delegate, boolean noDelay) {
        return new Tls(delegate, noDelay);
    }

    private static Socket configure(Socket socket, boolean noDelay) throws IOException {
        socket.setTcpNoDelay(noDelay);
        return socket;
    }

    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;
        private final boolean noDelay;

        Plain(SocketFactory delegate, boolean noDelay) {
            this.delegate = delegate;
            this.noDelay = noDelay;
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket(), noDelay);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port), noDelay);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort), noDelay);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port), noDelay);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort), noDelay);
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final boolean noDelay;

        Tls(SSLSocketFactory delegate, boolean noDelay) {
            this.delegate = delegate;
            this.noDelay = noDelay;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(delegate.createSocket(), noDelay);
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configure(delegate.createSocket(s, host, port, autoClose), noDelay);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(delegate.createSocket(host, port), noDelay);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(delegate.createSocket(host, port, localHost, localPort), noDelay);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(delegate.createSocket(host, port), noDelay);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configure(delegate.createSocket(address, port, localAddress, localPort), noDelay);
        }
    }
}
