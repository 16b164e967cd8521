package io.iotls.transport.internal.io;

import io.iotls.transport.TunnelProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opens a tunnel through a proxy on a socket already connected to it, before TLS begins: an HTTP CONNECT (RFC 9110
 * 9.3.6, basic authentication) or SOCKS5 (RFC 1928, user/password by RFC 1929). Every read is bounded by the socket's
 * timeout and every answer by its size. A refusal is a {@link Refused} that says what the proxy answered.
 */
public final class ProxyTunnel {
    private static final int MAX_HTTP_ANSWER = 8192;

    /** The proxy would not open the tunnel; the message says what it answered. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private ProxyTunnel() {}

    /** Asks {@code proxy} (connected on {@code socket}) for a tunnel to {@code host:port}; returns what it answered, for the trace. */
    public static String open(Socket socket, TunnelProxy proxy, String host, int port) throws IOException {
        return proxy.kind() == TunnelProxy.Kind.HTTP ? httpConnect(socket, proxy, host, port) : socks5(socket, proxy, host, port);
    }

    private static String httpConnect(Socket socket, TunnelProxy proxy, String host, int port) throws IOException {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        if (proxy.user().isPresent()) {
            char[] pass = proxy.password().get().chars();
            byte[] credentials = (proxy.user().get() + ":" + new String(pass)).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(pass, '\0');
            request.append("Proxy-Authorization: Basic ").append(Base64.getEncoder().encodeToString(credentials)).append("\r\n");
            Arrays.fill(credentials, (byte) 0);
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String answer = readHttpHead(socket.getInputStream());
        String status = answer.lines().findFirst().orElse("");
        String[] parts = status.split(" ", 3);
        int code = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        if (code / 100 == 2) return "HTTP proxy " + proxy.host() + ":" + proxy.port() + " answered '" + status + "'";
        if (code == 407 || code == 401) { // 401: tinyproxy's answer to a wrong basic-auth password
            throw new Refused("the HTTP proxy " + proxy.host() + ":" + proxy.port() + " wants authentication ('" + status + "'): "
                    + (proxy.user().isPresent() ? "the user or password given is wrong" : "give user:password in the proxy URL"));
        }
        if (code < 0) throw new Refused("the proxy " + proxy.host() + ":" + proxy.port() + " does not answer as an HTTP proxy: '" + printable(status) + "'");
        throw new Refused("the HTTP proxy " + proxy.host() + ":" + proxy.port() + " refused the tunnel to " + authority + ": '" + status + "'");
    }

    /** The status line and headers, up to the empty line; never more than {@value #MAX_HTTP_ANSWER} bytes. */
    private static String readHttpHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of \r\n\r\n
        while (head.size() < MAX_HTTP_ANSWER) {
            int b = in.read();
            if (b < 0) {
                throw new Refused("the proxy closed the connection" + (head.size() == 0 ? " without answering the CONNECT"
                        : " in the middle of its answer '" + printable(head.toString(StandardCharsets.ISO_8859_1)) + "'"));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) return head.toString(StandardCharsets.ISO_8859_1);
        }
        throw new Refused("the proxy's answer to CONNECT is longer than " + MAX_HTTP_ANSWER + " bytes without ending");
    }

    private static String socks5(Socket socket, TunnelProxy proxy, String host, int port) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        boolean auth = proxy.user().isPresent();
        out.write(auth ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
        out.flush();
        byte[] choice = readExactly(in, 2, "its choice of authentication method");
        if (choice[0] != 5) throw new Refused("the proxy " + proxy.host() + ":" + proxy.port() + " does not speak SOCKS5 (version byte " + choice[0] + ")");
        if ((choice[1] & 0xff) == 0xff) {
            throw new Refused("the SOCKS5 proxy accepts none of our authentication methods (" + (auth ? "none, user/password" : "none")
                    + ")" + (auth ? "" : ": it probably wants a user and password in the proxy URL"));
        }
        if (choice[1] == 2) {
            if (!auth) throw new Refused("the SOCKS5 proxy wants a user and password: give them in the proxy URL");
            byte[] user = proxy.user().get().getBytes(StandardCharsets.UTF_8);
            char[] passChars = proxy.password().get().chars();
            byte[] pass = new String(passChars).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(passChars, '\0');
            if (user.length > 255 || pass.length > 255) throw new Refused("SOCKS5 user and password are at most 255 bytes each");
            byte[] message = new byte[3 + user.length + pass.length];
            message[0] = 1;
            message[1] = (byte) user.length;
            System.arraycopy(user, 0, message, 2, user.length);
            message[2 + user.length] = (byte) pass.length;
            System.arraycopy(pass, 0, message, 3 + user.length, pass.length);
            out.write(message);
            out.flush();
            Arrays.fill(pass, (byte) 0);
            Arrays.fill(message, (byte) 0);
            byte[] status = readExactly(in, 2, "its answer to our user and password");
            if (status[1] != 0) throw new Refused("the SOCKS5 proxy refused the user or password (RFC 1929 status " + (status[1] & 0xff) + ")");
        } else if (choice[1] != 0) {
            throw new Refused("the SOCKS5 proxy chose authentication method " + (choice[1] & 0xff) + ", which we did not offer");
        }
        byte[] address = target(proxy, host); // ATYP and address
        byte[] request = new byte[3 + address.length + 2];
        request[0] = 5;
        request[1] = 1; // CONNECT
        System.arraycopy(address, 0, request, 3, address.length);
        request[3 + address.length] = (byte) (port >> 8);
        request[4 + address.length] = (byte) port;
        out.write(request);
        out.flush();
        byte[] reply = readExactly(in, 4, "its answer to CONNECT");
        if (reply[1] != 0) {
            throw new Refused("the SOCKS5 proxy refused the tunnel to " + host + ":" + port + ": " + socksReply(reply[1] & 0xff));
        }
        int skip = switch (reply[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> readExactly(in, 1, "the length of its bound name")[0] & 0xff;
            default -> throw new Refused("the SOCKS5 proxy answered with address type " + reply[3]);
        };
        readExactly(in, skip + 2, "its bound address");
        return "SOCKS5 proxy " + proxy.host() + ":" + proxy.port() + " connected" + (proxy.kind() == TunnelProxy.Kind.SOCKS5H
                ? " (the proxy resolved " + host + ")" : "");
    }

    /**
     * The broker's address as SOCKS5 sends it, ATYP first: a literal as an address, a name as the name (socks5h) or
     * resolved here (socks5).
     */
    private static byte[] target(TunnelProxy proxy, String host) throws IOException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean literal = h.matches("[0-9.]+") || h.contains(":");
        if (literal || proxy.kind() == TunnelProxy.Kind.SOCKS5) {
            byte[] a;
            try {
                a = InetAddress.getByName(h).getAddress();
            } catch (UnknownHostException e) {
                throw new UnknownHostException(h);
            }
            byte[] out = new byte[1 + a.length];
            out[0] = (byte) (a.length == 4 ? 1 : 4);
            System.arraycopy(a, 0, out, 1, a.length);
            return out;
        }
        byte[] name = h.getBytes(StandardCharsets.US_ASCII);
        if (name.length > 255) throw new Refused("a host name sent to a SOCKS5 proxy is at most 255 bytes");
        byte[] out = new byte[2 + name.length];
        out[0] = 3;
        out[1] = (byte) name.length;
        System.arraycopy(name, 0, out, 2, name.length);
        return out;
    }

    private static String socksReply(int code) {
        return switch (code) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by its rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable (or its name does not resolve at the proxy)";
            case 5 -> "connection refused by the broker";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "reply code " + code;
        };
    }

    private static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new Refused("the proxy closed the connection instead of sending " + what);
        return b;
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
