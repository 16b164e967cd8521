package io.iotls.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a connection is upgraded to a WebSocket (RFC 6455) before MQTT runs on it: the request path, the subprotocols
 * offered ({@code mqtt}, as MQTT 3.1.1 and 5 section 6 require) and extra request headers, e.g. a token for the
 * broker's authentication. Immutable. Header values never appear in {@code toString()}: they often carry credentials.
 */
public final class WebSocketOptions {
    /** The path most brokers serve MQTT on (HiveMQ, EMQX, AWS IoT); mosquitto accepts any path. */
    public static final String DEFAULT_PATH = "/mqtt";
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "content-length");

    private final String path;
    private final List<String> subprotocols;
    private final Map<String, String> headers;

    private WebSocketOptions(Builder b) {
        this.path = b.path;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    }

    /** Path {@value #DEFAULT_PATH}, subprotocol {@code mqtt}, no extra headers. */
    public static WebSocketOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request target, e.g. {@code /mqtt} (with a query, if one was given). */
    public String path() { return path; }

    /** Offered in {@code Sec-WebSocket-Protocol}, most preferred first. */
    public List<String> subprotocols() { return subprotocols; }

    /** Extra request headers in the order given. */
    public Map<String, String> headers() { return headers; }

    /** A builder holding these options, to change one of them. */
    public Builder toBuilder() {
        Builder b = new Builder().path(path);
        b.subprotocols.clear();
        b.subprotocols.addAll(subprotocols);
        b.headers.putAll(headers);
        return b;
    }

    @Override
    public String toString() {
        return "WebSocketOptions[path=" + path + ", subprotocols=" + subprotocols + ", headers="
                + headers.keySet().stream().map(h -> h + ": ***").toList() + "]";
    }

    public static final class Builder {
        private String path = DEFAULT_PATH;
        private final List<String> subprotocols = new ArrayList<>(List.of("mqtt"));
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /** The request path; must start with '/'. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("WebSocket path '" + path + "' must start with '/' and hold no spaces or control characters");
            }
            this.path = path;
            return this;
        }

        /** The subprotocols to offer instead of {@code mqtt} (some old brokers want {@code mqttv3.1}). */
        public Builder subprotocols(String... names) {
            if (names.length == 0) throw new IllegalArgumentException("offer at least one WebSocket subprotocol (MQTT's is 'mqtt')");
            subprotocols.clear();
            for (String n : names) {
                if (!isToken(n)) throw new IllegalArgumentException("'" + n + "' is not a valid subprotocol name (an HTTP token)");
                subprotocols.add(n);
            }
            return this;
        }

        /** Adds a request header, e.g. {@code Authorization: Bearer ...}; the handshake's own headers cannot be set. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(value, "value");
            if (!isToken(name)) throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the header '" + name + "' belongs to the WebSocket handshake and is set by iotls");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("the value of header '" + name + "' holds a line break");
            }
            headers.put(name, value);
            return this;
        }

        public WebSocketOptions build() {
            return new WebSocketOptions(this);
        }

        private static boolean isToken(String s) {
            return s != null && !s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
        }
    }
}
