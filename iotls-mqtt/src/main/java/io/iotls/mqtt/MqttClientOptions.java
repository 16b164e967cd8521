package io.iotls.mqtt;

import io.iotls.transport.TlsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link MqttClient} needs, immutable. The server URI's scheme picks the transport: {@code mqtt://} or
 * {@code tcp://} (plain TCP, port 1883), {@code mqtts://} or {@code ssl://} (TLS with {@link #tls()}, port 8883),
 * {@code ws://} (WebSocket, port 80) or {@code wss://} (WebSocket over TLS, port 443). A WebSocket URI's path is the
 * upgrade request's path ({@code /mqtt} when it has none); {@link Builder#webSocket} sets headers and subprotocols.
 */
public final class MqttClientOptions {
    private final URI serverUri;
    private final TlsOptions tls;
    private final io.iotls.transport.TlsTransport tlsTransport;
    private final MqttVersion version;
    private final String clientId;
    private final Duration keepAlive;
    private final boolean cleanStart;
    private final Duration sessionExpiry;
    private final String username;
    private final byte[] password;
    private final MqttMessage will;
    private final Duration willDelay;
    private final Duration connectTimeout;
    private final boolean autoReconnect;
    private final Duration reconnectDelayMin;
    private final Duration reconnectDelayMax;
    private final int maxPacketSize;
    private final int offlineBufferCapacity;
    private final MessageQueue.OverflowPolicy queuePolicy;
    private final int queueCapacity;
    private final java.nio.file.Path persistenceDirectory;
    private final OfflineBufferPolicy offlineBufferPolicy;
    private final boolean topicAliases;
    private final boolean sharedIoThread;
    private final boolean handlersOnIoThread;
    private final int maxInflight;
    private final Duration callTimeout;
    private final MqttLifecycleListener lifecycleListener;
    private final boolean manualAcknowledgement;
    private final io.iotls.transport.WebSocketOptions webSocket;
    private final io.iotls.transport.TunnelProxy proxy;
    private final java.util.function.Consumer<String> packetLog;
    private final java.net.InetAddress localAddress;
    private final java.nio.file.Path unixSocket;

    /** What publish does when the buffer for unsent messages is full. */
    public enum OfflineBufferPolicy {
        /** The new publish fails at once with a clear error (default): the application decides. */
        FAIL_NEW,
        /** The oldest buffered message is dropped (its future fails) to keep the newest. */
        DROP_OLDEST
    }

    private MqttClientOptions(Builder b) {
        serverUri = b.serverUri;
        tls = b.tls;
        tlsTransport = b.tlsTransport;
        version = b.version;
        clientId = b.clientId;
        keepAlive = b.keepAlive;
        cleanStart = b.cleanStart;
        sessionExpiry = b.sessionExpiry;
        username = b.username;
        password = b.password;
        will = b.will;
        willDelay = b.willDelay;
        connectTimeout = b.connectTimeout;
        autoReconnect = b.autoReconnect;
        reconnectDelayMin = b.reconnectDelayMin;
        reconnectDelayMax = b.reconnectDelayMax;
        maxPacketSize = b.maxPacketSize;
        offlineBufferCapacity = b.offlineBufferCapacity;
        queueCapacity = b.queueCapacity;
        queuePolicy = b.queuePolicy;
        persistenceDirectory = b.persistenceDirectory;
        offlineBufferPolicy = b.offlineBufferPolicy;
        topicAliases = b.topicAliases;
        sharedIoThread = b.sharedIoThread;
        handlersOnIoThread = b.handlersOnIoThread;
        maxInflight = b.maxInflight;
        callTimeout = b.callTimeout;
        lifecycleListener = b.lifecycleListener;
        manualAcknowledgement = b.manualAcknowledgement;
        webSocket = b.webSocket;
        proxy = b.proxy;
        packetLog = b.packetLog;
        localAddress = b.localAddress;
        unixSocket = b.unixSocket;
    }

    public static Builder builder(String serverUri) {
        return new Builder(serverUri);
    }

    public URI serverUri() { return serverUri; }
    public boolean usesTls() { return isTlsScheme(serverUri.getScheme()); }
    public TlsOptions tls() { return tls; }
    /** A transport loaded once and shared by many clients, if one was given instead of options. */
    public Optional<io.iotls.transport.TlsTransport> tlsTransport() { return Optional.ofNullable(tlsTransport); }
    public String host() { return serverUri.getHost(); }
    public int port() {
        if (serverUri.getPort() > 0) return serverUri.getPort();
        if (usesWebSocket()) return usesTls() ? 443 : 80;
        return usesTls() ? 8883 : 1883;
    }
    /** MQTT over WebSocket: {@code ws://} or {@code wss://}. */
    public boolean usesWebSocket() { return isWebSocketScheme(serverUri.getScheme().toLowerCase(Locale.ROOT)); }
    /**
     * The proxy a plain connection ({@code mqtt://}, {@code ws://}) goes through; empty: direct. TLS connections take
     * theirs from {@link TlsOptions#proxyFor}.
     */
    public Optional<io.iotls.transport.TunnelProxy> proxy() { return Optional.ofNullable(proxy); }
    /** The UNIX-domain socket a plain {@code mqtt://} connection goes to instead of host and port, if set. */
    public Optional<java.nio.file.Path> unixSocket() { return Optional.ofNullable(unixSocket); }
    /** The local address a plain connection is made from, if set (TLS: {@link TlsOptions#localAddress()}). */
    public Optional<java.net.InetAddress> localAddress() { return Optional.ofNullable(localAddress); }
    /** Where each packet sent and received is described, if anywhere (see {@link Builder#packetLog}). */
    public Optional<java.util.function.Consumer<String>> packetLog() { return Optional.ofNullable(packetLog); }
    /** The WebSocket upgrade's path, subprotocols and headers; empty unless {@link #usesWebSocket()}. */
    public Optional<io.iotls.transport.WebSocketOptions> webSocket() { return Optional.ofNullable(webSocket); }
    public MqttVersion version() { return version; }
    /** The client identifier as given; empty means each client generates its own ("iotls-" + random). */
    public String clientId() { return clientId; }
    public Duration keepAlive() { return keepAlive; }
    public boolean cleanStart() { return cleanStart; }
    public Duration sessionExpiry() { return sessionExpiry; }
    public Optional<String> username() { return Optional.ofNullable(username); }
    /** The CONNECT password, a copy; never printed by {@link #toString()}. */
    public Optional<byte[]> password() { return Optional.ofNullable(password).map(byte[]::clone); }
    public Optional<MqttMessage> will() { return Optional.ofNullable(will); }
    /** MQTT 5: how long the broker waits before publishing the will (a quick reconnect cancels it). */
    public Duration willDelay() { return willDelay; }
    public Duration connectTimeout() { return connectTimeout; }
    public boolean autoReconnect() { return autoReconnect; }
    public Duration reconnectDelayMin() { return reconnectDelayMin; }
    public Duration reconnectDelayMax() { return reconnectDelayMax; }
    public int maxPacketSize() { return maxPacketSize; }
    public int offlineBufferCapacity() { return offlineBufferCapacity; }
    public int queueCapacity() { return queueCapacity; }
    public MessageQueue.OverflowPolicy queuePolicy() { return queuePolicy; }
    public Optional<java.nio.file.Path> persistenceDirectory() { return Optional.ofNullable(persistenceDirectory); }
    public OfflineBufferPolicy offlineBufferPolicy() { return offlineBufferPolicy; }
    public boolean topicAliases() { return topicAliases; }
    /** Connections are read by the I/O thread all clients share (default), not by a reader thread each. */
    public boolean sharedIoThread() { return sharedIoThread; }
    /** Message handlers run on the I/O thread that read the message, not on the client's handler thread. */
    public boolean handlersOnIoThread() { return handlersOnIoThread; }
    /** QoS 1/2 publishes that may await acknowledgement at once (MQTT 5: at most the broker's Receive Maximum). */
    public int maxInflight() { return maxInflight; }
    /** How long the blocking calls wait for their answer, and subscribe/unsubscribe for SUBACK/UNSUBACK. */
    public Duration callTimeout() { return callTimeout; }
    public Optional<MqttLifecycleListener> lifecycleListener() { return Optional.ofNullable(lifecycleListener); }
    public boolean manualAcknowledgement() { return manualAcknowledgement; }

    @Override
    public String toString() {
        return "MqttClientOptions[" + serverUri + ", " + version + ", client id '" + clientId + "'"
                + (username != null ? ", user '" + username + "'" : "") + (password != null ? ", password [redacted]" : "")
                + (usesTls() ? ", " + tls : "") + "]";
    }

    static boolean isTlsScheme(String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("mqtts") || s.equals("ssl") || s.equals("tls") || s.equals("wss");
    }

    static boolean isWebSocketScheme(String scheme) {
        return scheme.equals("ws") || scheme.equals("wss");
    }

    public static final class Builder {
        private final URI serverUri;
        private TlsOptions tls;
        private io.iotls.transport.TlsTransport tlsTransport;
        private MqttVersion version = MqttVersion.V5;
        private String clientId = "";
        private Duration keepAlive = Duration.ofSeconds(60);
        private boolean cleanStart = true;
        private Duration sessionExpiry = Duration.ZERO;
        private String username;
        private byte[] password;
        private MqttMessage will;
        private Duration willDelay = Duration.ZERO;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean autoReconnect;
        private Duration reconnectDelayMin = Duration.ofMillis(200);
        private Duration reconnectDelayMax = Duration.ofSeconds(30);
        private int maxPacketSize = 1 << 20;
        private int offlineBufferCapacity = 10_000;
        private int queueCapacity;
        private MessageQueue.OverflowPolicy queuePolicy = MessageQueue.OverflowPolicy.DROP_OLDEST;
        private java.nio.file.Path persistenceDirectory;
        private OfflineBufferPolicy offlineBufferPolicy = OfflineBufferPolicy.FAIL_NEW;
        private boolean topicAliases = true;
        private boolean sharedIoThread = !"false".equals(System.getProperty("iotls.ioThread"));
        private boolean handlersOnIoThread;
        private int maxInflight = 20;
        private Duration callTimeout = Duration.ofSeconds(30);
        private MqttLifecycleListener lifecycleListener;
        private boolean manualAcknowledgement;
        private io.iotls.transport.WebSocketOptions webSocket;
        private io.iotls.transport.TunnelProxy proxy;
        private java.util.function.Consumer<String> packetLog;
        private java.net.InetAddress localAddress;
        private java.nio.file.Path unixSocket;

        private Builder(String uri) {
            URI u = URI.create(uri);
            String scheme = Objects.requireNonNullElse(u.getScheme(), "").toLowerCase(Locale.ROOT);
            if (!scheme.equals("mqtt") && !scheme.equals("tcp") && !isTlsScheme(scheme) && !isWebSocketScheme(scheme)) {
                throw new IllegalArgumentException("server URI '" + uri + "' must start with mqtt://, tcp://, mqtts://, ssl://, ws:// or wss://");
            }
            if (u.getHost() == null) throw new IllegalArgumentException("server URI '" + uri + "' has no host");
            this.serverUri = u;
            if (isWebSocketScheme(scheme)) {
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? io.iotls.transport.WebSocketOptions.DEFAULT_PATH : u.getRawPath();
                if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
                webSocket = io.iotls.transport.WebSocketOptions.builder().path(path).build();
            }
        }

        /**
         * The WebSocket upgrade of a {@code ws://} or {@code wss://} URI: path, subprotocols, headers (e.g. a token).
         * Replaces the path the URI gave.
         */
        public Builder webSocket(io.iotls.transport.WebSocketOptions options) {
            if (!isWebSocketScheme(serverUri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("WebSocket options need a ws:// or wss:// URI, not " + serverUri.getScheme() + "://");
            }
            webSocket = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Reach the broker of a plain URI ({@code mqtt://}, {@code ws://}) through this proxy (HTTP CONNECT or SOCKS5).
         * For TLS URIs the proxy is a TLS option ({@link TlsOptions.Builder#proxy}), so that a shared transport has it.
         */
        public Builder proxy(io.iotls.transport.TunnelProxy through) {
            proxy = Objects.requireNonNull(through);
            return this;
        }

        /** Connect an {@code mqtt://} URI to this UNIX-domain socket instead of its host and port (mosquitto's {@code --unix}). */
        public Builder unixSocket(java.nio.file.Path path) {
            unixSocket = Objects.requireNonNull(path);
            return this;
        }

        /** Connect a plain URI ({@code mqtt://}, {@code ws://}) from this local address; for TLS it is a {@code TlsOptions} option. */
        public Builder localAddress(java.net.InetAddress address) {
            localAddress = Objects.requireNonNull(address);
            return this;
        }

        /**
         * Describes every packet as it crosses the connection, one line each in mosquitto's {@code -d} words ("sending
         * PUBLISH (d0, q1, r0, m3, 'plant/x', ... (5 bytes))", "received PUBACK (Mid: 3, RC:0)"); payloads, passwords
         * and properties are never in it. Called on the client's threads and its I/O thread: it must not block.
         */
        public Builder packetLog(java.util.function.Consumer<String> log) {
            packetLog = Objects.requireNonNull(log);
            return this;
        }

        /** TLS options for mqtts://, ssl:// and wss:// (required there). */
        public Builder tls(TlsOptions options) { tls = options; return this; }

        /**
         * A loaded TLS transport to share between clients: certificates and keys are read and checked once, and TLS
         * sessions (1.2 sessions, 1.3 tickets) are resumed across all clients that share it (a gateway with many device connections).
         */
        public Builder tls(io.iotls.transport.TlsTransport transport) {
            tlsTransport = transport;
            tls = transport.options();
            return this;
        }
        public Builder version(MqttVersion v) { version = Objects.requireNonNull(v); return this; }
        /** Empty: generated. At most 23 characters [0-9a-zA-Z] are guaranteed to be accepted by 3.1.1 brokers. */
        public Builder clientId(String id) { clientId = Objects.requireNonNull(id); return this; }

        public Builder keepAlive(Duration d) {
            if (d.isNegative() || d.getSeconds() > 65535) throw new IllegalArgumentException("keep-alive must be 0 to 65535 s");
            keepAlive = d;
            return this;
        }

        /** Start a new session (MQTT 5 clean start, 3.1.1 clean session). Default true. */
        public Builder cleanStart(boolean clean) { cleanStart = clean; return this; }

        /** MQTT 5: how long the broker keeps the session after a disconnect. 3.1.1: any non-zero value means a persistent session. */
        public Builder sessionExpiry(Duration d) { sessionExpiry = d; return this; }

        /** Application-layer authentication (CONNECT user name and password). */
        public Builder credentials(String user, byte[] pass) {
            username = Objects.requireNonNull(user);
            password = pass == null ? null : pass.clone();
            return this;
        }

        public Builder credentials(String user, String pass) {
            return credentials(user, pass == null ? null : pass.getBytes(StandardCharsets.UTF_8));
        }

        /** Published by the broker if this client goes away without DISCONNECT. */
        public Builder will(MqttMessage message) { will = message; return this; }

        /** A will published only after {@code delay} (MQTT 5 Will Delay Interval; ignored by 3.1.1). */
        public Builder will(MqttMessage message, Duration delay) {
            if (delay.isNegative() || delay.getSeconds() > 0xFFFFFFFFL) throw new IllegalArgumentException("will delay out of range");
            will = message;
            willDelay = delay;
            return this;
        }
        /** How long {@code connect()} waits for the TCP connection, and then for CONNACK (default 10 s). */
        public Builder connectTimeout(Duration d) { connectTimeout = d; return this; }

        /** Reconnect after a lost connection, waiting min * 2^n (capped at max) with full jitter. Off by default. */
        public Builder autoReconnect(Duration min, Duration max) {
            autoReconnect = true;
            reconnectDelayMin = min;
            reconnectDelayMax = max;
            return this;
        }

        /** The largest packet we accept (also sent as MQTT 5 Maximum Packet Size). Default 1 MiB. */
        public Builder maxPacketSize(int bytes) {
            if (bytes < 16) throw new IllegalArgumentException("maxPacketSize too small");
            maxPacketSize = bytes;
            return this;
        }

        /** Publishes kept while offline or while the in-flight window is full. Default 10,000, then {@code FAIL_NEW}. */
        public Builder offlineBuffer(int capacity, OfflineBufferPolicy policy) {
            if (capacity < 1) throw new IllegalArgumentException("the offline buffer needs room for at least one message");
            offlineBufferCapacity = capacity;
            offlineBufferPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Keep unacknowledged QoS 1/2 messages in files under {@code directory} (one folder per client id), so a process
         * restart loses none: the next client with the same id sends them. Needs an explicit client id.
         */
        public Builder persistence(java.nio.file.Path directory) { persistenceDirectory = directory; return this; }

        /**
         * MQTT 5: replace repeated topic names by the short aliases the broker allows (its Topic Alias Maximum), which
         * saves bytes on every message to the same topic. On by default; no effect with MQTT 3.1.1.
         */
        public Builder topicAliases(boolean use) { topicAliases = use; return this; }

        /**
         * On by default: connections (TLS and plain TCP) are read by I/O threads shared by every client in the JVM, which decode
         * packets and answer acknowledgements without waking a thread per connection; handlers run on a virtual
         * thread of the client and may block. Off: each connection has its own virtual reader thread, handlers run on
         * it and must not wait for their own acknowledgements, and each read wakes that thread (docs/performance.md).
         * The system property {@code iotls.ioThread=false} turns the default off.
         */
        public Builder sharedIoThread(boolean use) { sharedIoThread = use; return this; }

        /**
         * Off by default. On: message handlers run on the shared I/O thread that read the message, with no hand-off to
         * the client's handler thread, which saves about 2 us of CPU per message (HiveMQ's client runs its callbacks
         * this way by default). Only for handlers that never block: one that waits (for I/O, a lock held long, a
         * future) holds up every connection that thread serves, and the client's blocking calls (publish, subscribe,
         * ...) fail there with {@link IllegalStateException} instead of hanging. A slow handler slows reading, so the
         * broker meets TCP back-pressure. No effect without {@link #sharedIoThread}, where the connection's reader
         * thread runs handlers.
         */
        public Builder handlersOnIoThread(boolean use) { handlersOnIoThread = use; return this; }

        /**
         * At most this many QoS 1/2 publishes await acknowledgement at once; the rest wait in the offline buffer
         * (default 20, as libmosquitto). With MQTT 5 the broker's Receive Maximum lowers it further. MQTT 3.1.1 has no
         * way to tell a client its limit: mosquitto's {@code max_inflight_messages} (20 by default) also bounds what it
         * takes from a client, and a 3.1.1 client past it gets a PUBACK for a message the broker dropped.
         */
        public Builder maxInflight(int publishes) {
            if (publishes < 1 || publishes > 65_535) throw new IllegalArgumentException("maxInflight must be 1 to 65535");
            maxInflight = publishes;
            return this;
        }

        /**
         * How long a blocking call ({@code publish}, {@code subscribe}, {@code unsubscribe}) waits for its answer
         * before it fails, and how long a SUBACK or UNSUBACK may take before its future fails (default 30 s). A
         * publish that times out stays in the session: it may still be delivered.
         */
        public Builder callTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("callTimeout must be positive");
            callTimeout = timeout;
            return this;
        }

        /**
         * Off by default: a received QoS 1/2 message is acknowledged (PUBACK / PUBREC) once its handlers have returned.
         * On: only when the application calls {@link MqttClient#acknowledge(MqttMessage)} with it, for work that
         * outlives the handler (a message written to a database by another thread). Acknowledgements go out in the
         * order the messages came; the broker holds back new messages once its window of unacknowledged ones is full.
         * What is not acknowledged when the connection ends, the broker sends again on the next one.
         */
        public Builder manualAcknowledgement(boolean manual) { manualAcknowledgement = manual; return this; }

        /** Told when the client connects, loses its connection and schedules a reconnect. */
        public Builder lifecycleListener(MqttLifecycleListener listener) {
            lifecycleListener = Objects.requireNonNull(listener);
            return this;
        }

        /** Also put received messages in a bounded queue the application polls ({@link MqttClient#messages()}). */
        public Builder messageQueue(int capacity, MessageQueue.OverflowPolicy policy) {
            queueCapacity = capacity;
            queuePolicy = Objects.requireNonNull(policy);
            return this;
        }

        public MqttClientOptions build() {
            boolean secure = isTlsScheme(serverUri.getScheme().toLowerCase(Locale.ROOT));
            if (secure && tls == null) throw new IllegalArgumentException(serverUri.getScheme() + ":// needs TLS options (tls(...))");
            if (!secure && tls != null) throw new IllegalArgumentException("TLS options given for a plain " + serverUri.getScheme()
                    + ":// URI; use " + (webSocket != null ? "wss://" : "mqtts://"));
            if (unixSocket != null && (secure || webSocket != null || proxy != null)) {
                throw new IllegalArgumentException("a UNIX socket carries plain mqtt:// only (no TLS, WebSocket or proxy)");
            }
            if (secure && localAddress != null) {
                throw new IllegalArgumentException("a TLS connection's local address is a TLS option: TlsOptions.builder().localAddress(...)");
            }
            if (secure && proxy != null) {
                throw new IllegalArgumentException("a TLS connection's proxy is a TLS option: TlsOptions.builder().proxy(...)");
            }
            if (persistenceDirectory != null && clientId.isEmpty()) {
                throw new IllegalArgumentException("persistence needs an explicit client id: stored messages belong to one client");
            }
            if (autoReconnect && reconnectDelayMin.compareTo(reconnectDelayMax) > 0) {
                throw new IllegalArgumentException("reconnect delay min is above max");
            }
            return new MqttClientOptions(this);
        }
    }
}
