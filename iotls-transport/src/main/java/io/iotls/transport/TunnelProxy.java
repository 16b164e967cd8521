package io.iotls.transport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy the TCP connection to the broker goes through: an HTTP proxy's CONNECT tunnel (RFC 9110 9.3.6, basic
 * authentication) or SOCKS5 (RFC 1928, user/password by RFC 1929). {@code socks5h} leaves name resolution to the
 * proxy; {@code socks5} resolves the broker's name here. The password never appears in {@code toString()}.
 */
public final class TunnelProxy {
    /** How the tunnel is asked for. */
    public enum Kind { HTTP, SOCKS5, SOCKS5H }

    private final Kind kind;
    private final String host;
    private final int port;
    private final String user;
    private final Password password;

    private TunnelProxy(Kind kind, String host, int port, String user, Password password) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static TunnelProxy http(String host, int port) {
        return new TunnelProxy(Kind.HTTP, requireHost(host), checkPort(port), null, null);
    }

    public static TunnelProxy socks5(String host, int port, boolean remoteDns) {
        return new TunnelProxy(remoteDns ? Kind.SOCKS5H : Kind.SOCKS5, requireHost(host), checkPort(port), null, null);
    }

    /** The same proxy with a user and password (HTTP basic, or SOCKS5 user/password). */
    public TunnelProxy withCredentials(String user, Password password) {
        return new TunnelProxy(kind, host, port, Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
    }

    /**
     * Parses a proxy URL as curl and mosquitto write it: {@code http://[user:password@]host[:port]} (port 3128 by
     * default), {@code socks5://...} or {@code socks5h://...} (port 1080). User and password may be percent-encoded.
     */
    public static TunnelProxy parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "http://" + url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy URL: '" + redacted(url) + "' (expected http://host:port or socks5h://host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "http" -> Kind.HTTP;
            case "socks5" -> Kind.SOCKS5;
            case "socks5h" -> Kind.SOCKS5H;
            default -> throw new IllegalArgumentException("proxy scheme '" + scheme + "' is not supported: use http://, socks5:// or socks5h://");
        };
        if (uri.getHost() == null) throw new IllegalArgumentException("the proxy URL '" + redacted(url) + "' names no host");
        int port = uri.getPort() > 0 ? uri.getPort() : kind == Kind.HTTP ? 3128 : 1080;
        TunnelProxy proxy = new TunnelProxy(kind, uri.getHost(), checkPort(port), null, null);
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) return proxy;
        int colon = userInfo.indexOf(':');
        String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
        String pass = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
        return proxy.withCredentials(user, Password.of(pass));
    }

    /**
     * The proxy the usual environment names for a TLS connection to {@code host}: {@code HTTPS_PROXY} (or
     * {@code https_proxy}), else {@code ALL_PROXY} (or {@code all_proxy}); none when {@code NO_PROXY} (or
     * {@code no_proxy}) lists the host, a domain it is in ({@code .plant.example} or {@code plant.example}) or {@code *}.
     */
    public static Optional<TunnelProxy> fromEnvironment(String host, Map<String, String> env) {
        String noProxy = first(env, "NO_PROXY", "no_proxy");
        if (noProxy != null && bypasses(host, noProxy)) return Optional.empty();
        String url = first(env, "HTTPS_PROXY", "https_proxy");
        if (url == null) url = first(env, "ALL_PROXY", "all_proxy");
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(parse(url.trim()));
    }

    static boolean bypasses(String host, String noProxy) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy.split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.equals("*")) return true;
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon) e = e.substring(0, colon); // host:port: the port is not matched
            String domain = e.startsWith(".") ? e.substring(1) : e;
            if (h.equals(domain) || h.endsWith("." + domain)) return true;
        }
        return false;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    public Kind kind() { return kind; }
    public String host() { return host; }
    public int port() { return port; }
    public Optional<String> user() { return Optional.ofNullable(user); }
    /** The password, if any; never printed. */
    public Optional<Password> password() { return Optional.ofNullable(password); }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + "://" + (user == null ? "" : user + ":[redacted]@") + host + ":" + port;
    }

    private static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//[redacted]@");
    }

    private static String requireHost(String host) {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("a proxy needs a host");
        return host;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("a proxy port is 1 to 65535, not " + port);
        return port;
    }
}
