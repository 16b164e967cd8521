package io.iotls.transport.internal.websocket;

import io.iotls.transport.WebSocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's opening handshake (RFC 6455 4.1): a GET with {@code Upgrade: websocket}, and the broker's answer checked
 * rule by rule: status 101, the Upgrade and Connection headers, {@code Sec-WebSocket-Accept} computed from our key, and
 * a subprotocol we offered. Reads exactly to the end of the answer's headers, so frames that follow stay unread.
 */
public final class Upgrade {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The broker agreed: its status line, the subprotocol it chose (empty if none), and what is odd about its answer. */
    public record Accepted(String statusLine, String subprotocol, List<String> warnings) {}

    /** The broker did not agree, or its answer breaks the handshake's rules. */
    public static final class Refused extends IOException {
        private final int status;
        private final String hint;

        Refused(int status, String message, String hint) {
            super(message);
            this.status = status;
            this.hint = hint;
        }

        /** The HTTP status, or 0 if the answer had none. */
        public int status() { return status; }

        /** What the user can do about it. */
        public String hint() { return hint; }
    }

    private Upgrade() {}

    /** Sends the upgrade request for {@code host:port} and reads the answer. */
    public static Accepted request(InputStream in, OutputStream out, String host, int port, boolean secure,
                                   WebSocketOptions options) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        out.write(requestText(host, port, secure, options, key).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> lines = readAnswer(in);
        return check(lines, key, options);
    }

    static String requestText(String host, int port, boolean secure, WebSocketOptions options, String key) {
        boolean defaultPort = port == (secure ? 443 : 80);
        String authority = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        StringBuilder r = new StringBuilder()
                .append("GET ").append(options.path()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Protocol: ").append(String.join(", ", options.subprotocols())).append("\r\n");
        options.headers().forEach((name, value) -> r.append(name).append(": ").append(value).append("\r\n"));
        return r.append("\r\n").toString();
    }

    /** The status line and header lines, up to the empty line. */
    private static List<String> readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int total = 0;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException e) {
                if (total > 0) throw e;
                b = -1; // reset before a word: as a plain MQTT port does on "GET "
            }
            if (b < 0) {
                if (total == 0) {
                    throw new Refused(0, "the broker closed the connection without answering the WebSocket upgrade",
                            "is this port a WebSocket listener (mosquitto: 'protocol websockets')? A plain MQTT port closes on an HTTP request");
                }
                throw new EOFException("the broker closed the connection in the middle of its WebSocket upgrade answer");
            }
            if (++total > MAX_ANSWER_BYTES) {
                throw new Refused(0, "the answer to the WebSocket upgrade has more than " + MAX_ANSWER_BYTES + " bytes of headers",
                        "is this port a WebSocket listener?");
            }
            if (total == 1 && b != 'H') {
                throw new Refused(0, "the broker's answer to the WebSocket upgrade is not HTTP (first byte 0x"
                        + Integer.toHexString(b) + ")", "is this port a WebSocket listener (mosquitto: 'protocol websockets')?");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                if (text.isEmpty()) return lines;
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    static Accepted check(List<String> lines, String key, WebSocketOptions options) throws Refused {
        String statusLine = lines.get(0);
        String[] parts = statusLine.split(" ", 3);
        int status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parseStatus(parts[1]) : 0;
        if (status == 0) throw new Refused(0, "the broker's answer is not an HTTP status line: '" + printable(statusLine) + "'",
                "is this port a WebSocket listener?");
        Map<String, String> headers = headers(lines.subList(1, lines.size()));
        if (status != 101) {
            throw new Refused(status, "the broker answered '" + printable(statusLine) + "' instead of 101 Switching Protocols", hintFor(status, options));
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", "").trim())) {
            throw new Refused(status, "the broker's 101 answer lacks 'Upgrade: websocket'", "the listener does not speak WebSocket (RFC 6455 4.1)");
        }
        boolean upgradeToken = Arrays.stream(headers.getOrDefault("connection", "").split(","))
                .anyMatch(t -> t.trim().equalsIgnoreCase("upgrade"));
        if (!upgradeToken) {
            throw new Refused(status, "the broker's 101 answer lacks 'Connection: Upgrade'", "the listener does not speak WebSocket (RFC 6455 4.1)");
        }
        String accept = headers.get("sec-websocket-accept");
        if (accept == null || !accept.trim().equals(acceptFor(key))) {
            throw new Refused(status, "the broker's Sec-WebSocket-Accept " + (accept == null ? "is missing" : "does not match our key"),
                    "something between us and the broker (a proxy or cache) answered instead of a WebSocket server");
        }
        if (headers.containsKey("sec-websocket-extensions")) {
            throw new Refused(status, "the broker agreed to the extension '" + printable(headers.get("sec-websocket-extensions"))
                    + "' that we did not offer", "the broker breaks RFC 6455 4.1; check its version");
        }
        List<String> warnings = new ArrayList<>();
        String chosen = headers.getOrDefault("sec-websocket-protocol", "").trim();
        if (chosen.isEmpty()) {
            warnings.add("the broker chose no WebSocket subprotocol (MQTT section 6 expects '" + options.subprotocols().get(0) + "')");
        } else if (!options.subprotocols().contains(chosen)) {
            throw new Refused(status, "the broker chose the subprotocol '" + printable(chosen) + "', which we did not offer "
                    + options.subprotocols(), "offer the broker's subprotocol (WebSocketOptions.subprotocols)");
        }
        return new Accepted(statusLine, chosen, warnings);
    }

    private static String hintFor(int status, WebSocketOptions options) {
        return switch (status) {
            case 401, 403 -> "the broker wants credentials in the upgrade request: add the header it needs (--ws-header, WebSocketOptions.header)";
            case 404 -> "the broker serves no WebSocket at '" + options.path() + "': check the path (--ws-path; HiveMQ, EMQX and AWS IoT use /mqtt)";
            case 400, 426 -> "the broker did not accept the upgrade request: check that the port is a WebSocket listener and the subprotocols "
                    + options.subprotocols();
            case 301, 302, 307, 308 -> "the broker redirects; connect to the address it names instead";
            default -> "see the broker's log; check the port and path (--ws-path)";
        };
    }

    private static Map<String, String> headers(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon <= 0) continue;
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return headers;
    }

    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static int parseStatus(String s) {
        return s.length() == 3 && s.chars().allMatch(Character::isDigit) ? Integer.parseInt(s) : 0;
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
