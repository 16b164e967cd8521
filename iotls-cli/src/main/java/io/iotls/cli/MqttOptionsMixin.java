package io.iotls.cli;

import io.iotls.mqtt.MqttClientOptions;
import io.iotls.mqtt.MqttMessage;
import io.iotls.mqtt.MqttVersion;
import io.iotls.mqtt.Qos;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Connection options of pub and sub, with mosquitto_pub/mosquitto_sub's flags. */
final class MqttOptionsMixin {
    @Option(names = "-h", paramLabel = "HOST", defaultValue = "localhost", description = "Broker host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "-p", paramLabel = "PORT", description = "Broker port (default 1883, or 8883 with TLS options).")
    Integer port;

    @Option(names = "-i", paramLabel = "ID", description = "Client id (default: generated).")
    String clientId = "";

    @Option(names = "-I", paramLabel = "PREFIX", description = "Client id prefix: the id is PREFIX followed by the process id, as mosquitto's.")
    String clientIdPrefix;

    @Option(names = "-M", paramLabel = "COUNT", description = "QoS 1/2 messages in flight at once (default 20, as mosquitto's).")
    Integer maxInflight;

    @Option(names = "-D", paramLabel = "COMMAND IDENTIFIER VALUE", parameterConsumer = PropertyOptions.Consumer.class,
            description = "An MQTT 5 property, as mosquitto's: -D publish content-type|correlation-data|message-expiry-interval|"
                    + "payload-format-indicator|response-topic VALUE, -D publish user-property NAME VALUE, "
                    + "-D connect session-expiry-interval SECONDS; repeatable.")
    java.util.List<String> propertyWords; // one entry per -D, filled by PropertyOptions.Consumer

    PropertyOptions properties() {
        return new PropertyOptions(propertyWords);
    }

    @Option(names = "--unix", paramLabel = "PATH", description = "Connect to the broker's UNIX-domain socket (mosquitto: "
            + "'listener 0 PATH') instead of -h/-p; plain MQTT only.")
    java.nio.file.Path unixSocket;

    @Option(names = "-A", paramLabel = "ADDRESS", description = "Connect from this local address (one of this machine's), as mosquitto's.")
    String bindAddress;

    @Option(names = "--nodelay", description = "Accepted for mosquitto's scripts: iotls always sends without Nagle's delay.")
    boolean noDelay;

    @Option(names = "--quiet", description = "Print no error messages (the exit code still tells), as mosquitto's.")
    boolean quiet;

    @Option(names = "-u", paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = "-P", paramLabel = "PASSWORD", description = "Password (needs -u).")
    String password;

    @Option(names = "-k", paramLabel = "SECONDS", defaultValue = "60", description = "Keep-alive in seconds (default ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "-V", paramLabel = "VERSION", defaultValue = "311", description = "MQTT version: 5, 311 or 31 (mqttv5, mqttv311, mqttv31 as mosquitto; default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "-c", description = "Disable clean session / clean start: keep the session (with MQTT 5 it never expires, "
            + "unless -x says otherwise), as mosquitto's clients do.")
    boolean keepSession;

    @Option(names = "-x", paramLabel = "SECONDS", description = "MQTT 5 session expiry interval: 0 to 4294967294 seconds, or -1, "
            + "4294967295 or \u221e for a session that never expires (default: never with -c, else 0).")
    String sessionExpiry;

    /** MQTT 5 3.1.2.11.2: 0xFFFFFFFF, the session does not expire. */
    static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    /** {@code -x} as mosquitto reads it. */
    static long parseSessionExpiry(String text) {
        String t = text.trim();
        if (t.equals("-1") || t.equals("\u221e") || t.equals("inf")) return NEVER_EXPIRES;
        long seconds;
        try {
            seconds = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-x " + t + ": the session expiry is a number of seconds, or -1 for never");
        }
        if (seconds < 0 || seconds > NEVER_EXPIRES) {
            throw new IllegalArgumentException("-x " + t + ": the session expiry is 0 to 4294967295 seconds, or -1 for never");
        }
        return seconds;
    }

    @Option(names = {"-L", "--url"}, paramLabel = "URL", description = "Host, port, user, password and topic as one URL, as "
            + "mosquitto's: mqtt(s)://[user[:password]@]host[:port]/topic, or ws(s)://... for MQTT over WebSocket. mqtts:// and "
            + "wss:// use TLS (with the system's CAs unless --cafile/--capath say otherwise).")
    String url;

    @Option(names = "--ws", description = "MQTT over WebSocket (RFC 6455): ws://, or wss:// with TLS options; port 80 or 443 unless -p.")
    boolean webSocket;

    @Option(names = "--ws-path", paramLabel = "PATH", description = "The WebSocket path (default /mqtt; mosquitto serves any path). Implies --ws.")
    String webSocketPath;

    @Option(names = "--ws-header", paramLabel = "'NAME: VALUE'", description = "An extra header for the WebSocket upgrade, e.g. "
            + "'Authorization: Bearer ...' (repeatable; values are never printed). Implies --ws.")
    java.util.List<String> webSocketHeaders = new java.util.ArrayList<>();

    /** What -L gave, once parsed. */
    private MqttUrl parsedUrl;

    /** The topic -L named, if it named one. */
    java.util.Optional<String> urlTopic() {
        return url == null ? java.util.Optional.empty() : MqttUrl.parse(url).topic();
    }

    @Option(names = "-d", description = "Debug: print every packet sent and received (as mosquitto's -d), the client's connection"
            + " events (connected, disconnected and why, reconnect scheduled) and its log to stderr.")
    boolean debug;

    @Option(names = "--trace", description = "Print the TLS handshake trace to stderr before the messages.")
    boolean trace;

    @Option(names = "--will-topic", paramLabel = "TOPIC", description = "Topic of the will, published if we vanish without DISCONNECT.")
    String willTopic;

    @Option(names = "--will-payload", paramLabel = "TEXT", description = "Payload of the will.")
    String willPayload = "";

    @Option(names = "--will-qos", paramLabel = "QOS", defaultValue = "0", description = "QoS of the will.")
    int willQos;

    @Option(names = "--will-retain", description = "Retain the will.")
    boolean willRetain;

    MqttClientOptions toOptions(TlsOptionsMixin tls) {
        return toOptions(tls, false, null);
    }

    /**
     * @param reconnect reconnect after a lost connection as mosquitto_sub and {@code mosquitto_pub -l} do (after 1 s,
     *                  backing off to 30 s while the broker stays away)
     * @param err       where {@code -d} prints connection events; null: nowhere
     */
    MqttClientOptions toOptions(TlsOptionsMixin tls, boolean reconnect, java.io.PrintWriter err) {
        return toOptions(tls, reconnect, err, err);
    }

    /** @param out where {@code -d} prints the packet lines: standard output, as mosquitto's clients do */
    MqttClientOptions toOptions(TlsOptionsMixin tls, boolean reconnect, java.io.PrintWriter err, java.io.PrintWriter out) {
        if (debug) System.setProperty("org.slf4j.simpleLogger.log.io.iotls", "debug");
        String h = host;
        Integer givenPort = port;
        boolean ws = webSocket || webSocketPath != null || !webSocketHeaders.isEmpty();
        boolean urlSecure = false;
        if (url != null) {
            parsedUrl = MqttUrl.parse(url);
            h = parsedUrl.host();
            if (parsedUrl.port().isPresent()) givenPort = parsedUrl.port().get();
            ws |= parsedUrl.webSocket();
            urlSecure = parsedUrl.secure();
            if (parsedUrl.user().isPresent()) username = parsedUrl.user().get();
            if (parsedUrl.password().isPresent()) password = parsedUrl.password().get();
            if (urlSecure && !tls.requested()) tls.systemRoots = true; // mosquitto: mqtts:// without a CA option trusts the OS's CAs
        }
        boolean secure = urlSecure || tls.requested();
        int p = givenPort != null ? givenPort : ws ? (secure ? 443 : 80) : secure ? 8883 : 1883;
        if (p < 1 || p > 65535) throw new IllegalArgumentException("-p " + p + ": a broker's port is 1 to 65535");
        String hostPart = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        String scheme = ws ? (secure ? "wss" : "ws") : secure ? "mqtts" : "mqtt";
        if (clientIdPrefix != null) {
            if (!clientId.isEmpty()) throw new IllegalArgumentException("-i and -I exclude each other");
            clientId = clientIdPrefix + ProcessHandle.current().pid();
        }
        MqttClientOptions.Builder b = MqttClientOptions.builder(scheme + "://" + hostPart + ":" + p)
                .version(MqttVersion.parse(version)).clientId(clientId).keepAlive(Duration.ofSeconds(keepAlive))
                .connectTimeout(Duration.ofSeconds(tls.timeoutSeconds));
        java.net.InetAddress local = null;
        if (bindAddress != null) {
            try {
                local = java.net.InetAddress.getByName(bindAddress);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("-A " + bindAddress + ": not an address or a name of this machine");
            }
        }
        if (unixSocket != null) {
            if (secure || ws) throw new IllegalArgumentException("--unix carries plain MQTT only: leave out the TLS and WebSocket options");
            b.unixSocket(unixSocket);
        }
        if (secure) {
            io.iotls.transport.TlsOptions tlsOptions = tls.toOptions();
            b.tls(local == null ? tlsOptions : tlsOptions.toBuilder().localAddress(local).build());
        } else if (local != null) {
            b.localAddress(local);
        }
        if (ws) b.webSocket(webSocketOptions());
        if (!secure && tls.proxy != null) {
            if (!tls.proxy.equals("env")) b.proxy(io.iotls.transport.TunnelProxy.parse(tls.proxy));
            else io.iotls.transport.TunnelProxy.fromEnvironment(h, System.getenv()).ifPresent(b::proxy);
        }
        if (reconnect) b.autoReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30));
        if (debug && err != null) {
            b.lifecycleListener(new LifecyclePrinter(err));
            String who = "Client " + (clientId.isEmpty() ? "(generated id)" : clientId) + " ";
            java.io.PrintWriter packets = out != null ? out : err;
            b.packetLog(line -> {
                synchronized (packets) {
                    packets.println(who + line);
                    packets.flush();
                }
            });
        }
        if (maxInflight != null) {
            if (maxInflight < 1 || maxInflight > 65_535) throw new IllegalArgumentException("-M " + maxInflight + ": 1 to 65535");
            b.maxInflight(maxInflight);
        }
        PropertyOptions properties = properties();
        properties.checkCommands(MqttVersion.parse(version) == MqttVersion.V5, "connect", "publish");
        java.util.OptionalLong connectExpiry = properties.sessionExpiry();
        long expiry = sessionExpiry != null ? parseSessionExpiry(sessionExpiry) : connectExpiry.isPresent() ? connectExpiry.getAsLong()
                : keepSession ? NEVER_EXPIRES : 0;
        if ((keepSession || expiry > 0) && clientId.isEmpty()) {
            throw new IllegalArgumentException((keepSession ? "-c" : "-x") + " needs a client id (-i): a kept session belongs to an id");
        }
        if (MqttVersion.parse(version) == MqttVersion.V5 && expiry > 0) b.sessionExpiry(Duration.ofSeconds(expiry));
        if (keepSession) {
            b.cleanStart(false);
        }
        if (password != null && username == null) throw new IllegalArgumentException("-P needs -u");
        if (username != null) b.credentials(username, password);
        if (willTopic != null) {
            b.will(MqttMessage.of(willTopic, willPayload.getBytes(StandardCharsets.UTF_8), Qos.of(willQos), willRetain));
        }
        return b.build();
    }

    private io.iotls.transport.WebSocketOptions webSocketOptions() {
        io.iotls.transport.WebSocketOptions.Builder w = io.iotls.transport.WebSocketOptions.builder();
        if (webSocketPath != null) w.path(webSocketPath.startsWith("/") ? webSocketPath : "/" + webSocketPath);
        for (String header : webSocketHeaders) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--ws-header '" + header.substring(0, Math.max(0, Math.min(colon < 0 ? header.length() : colon, 40)))
                        + "...': write it as 'Name: value'");
            }
            w.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return w.build();
    }
}
