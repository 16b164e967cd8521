package io.iotls.cli;

/** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
record HostPort(String host, int port) {
    static HostPort parse(String text, int defaultPort) {
        String t = text.trim();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) throw new IllegalArgumentException("unclosed '[' in " + text);
            String host = t.substring(1, end);
            return new HostPort(host, end + 1 < t.length() ? port(t.substring(end + 2), text) : defaultPort);
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) return new HostPort(t.substring(0, colon), port(t.substring(colon + 1), text));
        return new HostPort(t, defaultPort);
    }

    private static int port(String p, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in '" + text + "': " + p);
        }
    }
}
