package io.iotls.cli;

import io.iotls.mqtt.MessageProperties;
import io.iotls.mqtt.MqttMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * mosquitto_sub's {@code -F} output format: {@code %t} topic, {@code %p} payload, {@code %l} its length, {@code %m}
 * message id, {@code %q} QoS, {@code %r} retain, {@code %x}/{@code %X} payload in hex, {@code %I} ISO-8601 time,
 * {@code %U} Unix time with nanoseconds, {@code %j}/{@code %J} JSON (with the payload as a string, or as JSON when it
 * is JSON), the MQTT 5 properties {@code %C} content type, {@code %D} correlation data, {@code %E} message expiry,
 * {@code %F} payload format, {@code %R} response topic, {@code %P} user properties, {@code %%}; {@code @X} the time
 * field X as strftime (@Y @m @d @H @M @S @s @z, @@); the escapes \\n \\t \\r \\0 \\a \\e \\v \\\\. Width, '-' and
 * precision as printf's ({@code %-10.5t}), '0' padding for the numbers and hex.
 */
final class OutputFormat {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");
    private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'Z"); // as mosquitto_sub writes it

    private final String format;
    private final boolean pretty;

    OutputFormat(String format, boolean pretty) {
        this.format = format;
        this.pretty = pretty;
        check();
    }

    /** Fails on a specifier mosquitto does not know, before anything connects. */
    private void check() {
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) continue;
            int j = i + 1;
            while (j < format.length() && "-0123456789.".indexOf(format.charAt(j)) >= 0) j++;
            if (j >= format.length() || "%ACDEFIJjlmPpqRrtUXx".indexOf(format.charAt(j)) < 0) {
                throw new IllegalArgumentException("-F '" + format + "': unknown format specifier '%"
                        + (j < format.length() ? format.charAt(j) : "") + "' (see iotls sub --help)");
            }
            i = j;
        }
    }

    String render(MqttMessage m, int messageId, Instant received) {
        StringBuilder out = new StringBuilder();
        ZonedDateTime time = received.atZone(ZoneId.systemDefault());
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\\' && i + 1 < format.length()) {
                char e = format.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'a' -> out.append('\u0007');
                    case 'e' -> out.append('\u001b');
                    case 'v' -> out.append('\u000b');
                    case '\\' -> out.append('\\');
                    default -> out.append('\\').append(e);
                }
            } else if (c == '@' && i + 1 < format.length()) {
                out.append(strftime(format.charAt(++i), time, received));
            } else if (c == '%' && i + 1 < format.length()) {
                int j = i + 1;
                int start = j;
                while (j < format.length() && "-0123456789.".indexOf(format.charAt(j)) >= 0) j++;
                String flags = format.substring(start, j);
                out.append(field(format.charAt(j), flags, m, messageId, time, received));
                i = j;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String field(char f, String flags, MqttMessage m, int messageId, ZonedDateTime time, Instant received) {
        MessageProperties p = m.properties();
        return switch (f) {
            case '%' -> "%";
            case 't' -> text(flags, m.topic());
            case 'p' -> text(flags, m.payloadAsString());
            case 'l' -> number(flags, m.payloadLength());
            case 'm' -> number(flags, messageId);
            case 'q' -> String.valueOf(m.qos().code());
            case 'r' -> m.retain() ? "1" : "0";
            case 'x' -> hex(flags, HexFormat.of().formatHex(m.payload()));
            case 'X' -> hex(flags, HexFormat.of().withUpperCase().formatHex(m.payload()));
            case 'I' -> ISO.format(time);
            case 'U' -> received.getEpochSecond() + "." + String.format("%09d", received.getNano());
            case 'j' -> json(m, messageId, time, false);
            case 'J' -> json(m, messageId, time, true);
            case 'C' -> text(flags, p.contentType().orElse(""));
            case 'D' -> text(flags, p.correlationData().map(d -> new String(d, StandardCharsets.UTF_8)).orElse(""));
            case 'E' -> p.messageExpiry().map(d -> number(flags, d.getSeconds())).orElse("");
            case 'F' -> p.payloadIsUtf8() ? number(flags, 1) : "";
            case 'R' -> text(flags, p.responseTopic().orElse(""));
            case 'P' -> text(flags, String.join(" ", p.userProperties().stream().map(u -> u.getKey() + ":" + u.getValue()).toList()));
            case 'A' -> ""; // topic alias: resolved by the client before the application sees the message
            default -> throw new IllegalStateException("checked in the constructor");
        };
    }

    private static String text(String flags, String value) {
        return flags.isEmpty() ? value : String.format("%" + flags.replaceFirst("^(-?)0+(?=[1-9])", "$1") + "s", value);
    }

    private static String number(String flags, long value) {
        return flags.isEmpty() ? String.valueOf(value) : String.format("%" + flags.replaceAll("\\..*", "") + "d", value);
    }

    private static String hex(String flags, String digits) {
        if (flags.startsWith("0") && flags.length() > 1) {
            int width = Integer.parseInt(flags.substring(1).replaceAll("\\..*", ""));
            return "0".repeat(Math.max(0, width - digits.length())) + digits;
        }
        return text(flags, digits);
    }

    private static String strftime(char c, ZonedDateTime t, Instant received) {
        return switch (c) {
            case 'Y' -> String.valueOf(t.getYear());
            case 'm' -> String.format("%02d", t.getMonthValue());
            case 'd' -> String.format("%02d", t.getDayOfMonth());
            case 'H' -> String.format("%02d", t.getHour());
            case 'M' -> String.format("%02d", t.getMinute());
            case 'S' -> String.format("%02d", t.getSecond());
            case 's' -> String.valueOf(received.getEpochSecond());
            case 'N' -> String.format("%09d", received.getNano());
            case 'z' -> DateTimeFormatter.ofPattern("Z").format(t);
            case '@' -> "@";
            default -> "@" + c;
        };
    }

    private String json(MqttMessage m, int messageId, ZonedDateTime time, boolean payloadAsJson) {
        String payload = m.payloadAsString();
        String payloadValue = payloadAsJson && Json.isValid(payload) ? Json.minified(payload) : Json.quote(payload);
        String sep = pretty ? ",\n\t" : ",";
        String colon = pretty ? ":\t" : ":";
        StringBuilder j = new StringBuilder(pretty ? "{\n\t" : "{");
        j.append("\"tst\"").append(colon).append(Json.quote(JSON_TIME.format(time))).append(sep)
                .append("\"topic\"").append(colon).append(Json.quote(m.topic())).append(sep)
                .append("\"qos\"").append(colon).append(m.qos().code()).append(sep)
                .append("\"retain\"").append(colon).append(m.retain() ? 1 : 0).append(sep)
                .append("\"payloadlen\"").append(colon).append(m.payloadLength()).append(sep);
        j.append("\"payload\"").append(colon).append(payloadValue);
        return j.append(pretty ? "\n}" : "}").toString();
    }
}
