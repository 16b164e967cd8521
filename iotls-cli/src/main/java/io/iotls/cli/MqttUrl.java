package io.iotls.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * mosquitto's {@code -L} URL: {@code mqtt(s)://[user[:password]@]host[:port]/topic}, and {@code ws(s)://} for MQTT over
 * WebSocket. The path is the topic (percent-decoded), as in mosquitto_pub and mosquitto_sub.
 */
record MqttUrl(boolean secure, boolean webSocket, String host, Optional<Integer> port, Optional<String> user,
               Optional<String> password, Optional<String> topic) {

    static MqttUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-L: not a URL (" + e.getMessage().replace(url, "...") + "); write mqtt://host:port/topic");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = switch (scheme) {
            case "mqtt", "ws" -> false;
            case "mqtts", "wss" -> true;
            default -> throw new IllegalArgumentException("-L: the URL must start with mqtt://, mqtts://, ws:// or wss://");
        };
        if (uri.getHost() == null) throw new IllegalArgumentException("-L: the URL names no host");
        Optional<String> user = Optional.empty(), password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) password = Optional.of(decode(info.substring(colon + 1)));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Optional<String> topic = path.length() > 1 ? Optional.of(decode(path.substring(1))) : Optional.empty();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new MqttUrl(secure, scheme.startsWith("ws"), host, uri.getPort() > 0 ? Optional.of(uri.getPort()) : Optional.empty(),
                user, password, topic);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MqttUrl[" + host + port.map(p -> ":" + p).orElse("") + (password.isPresent() ? ", password [redacted]" : "") + "]";
    }
}
