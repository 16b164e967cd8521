package io.iotls.cli;

import io.iotls.mqtt.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine;

/**
 * mosquitto's {@code -D command identifier value} (MQTT 5 properties): {@code publish} content-type, correlation-data,
 * message-expiry-interval, payload-format-indicator, response-topic, user-property NAME VALUE; {@code connect}
 * session-expiry-interval. Each -D takes three words, user-property four.
 */
final class PropertyOptions {
    /** One -D as given. */
    record Property(String command, String identifier, String value, String secondValue) {}

    private static final String SEPARATOR = "\u0000";

    final List<Property> given = new ArrayList<>();

    /** The -D words as the consumer stored them, one entry per -D. */
    PropertyOptions(List<String> stored) {
        if (stored == null) return;
        for (String entry : stored) {
            String[] w = entry.split(SEPARATOR, -1);
            given.add(new Property(w[0], w[1], w[2], w.length > 3 ? w[3] : null));
        }
    }

    /** Takes three words after -D, four for user-property, and stores them as one entry of the option's list. */
    static final class Consumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec argSpec, CommandLine.Model.CommandSpec spec) {
            if (args.size() < 3) throw new CommandLine.ParameterException(spec.commandLine(), "-D needs a command, an identifier and a value, "
                    + "e.g. -D publish content-type text/plain");
            String command = args.pop();
            String identifier = args.pop();
            String value = args.pop();
            String second = null;
            if (identifier.equals("user-property")) {
                if (args.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "-D " + command + " user-property needs a name and a value");
                second = args.pop();
            }
            List<String> stored = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.<List<String>>getValue());
            stored.add(String.join(SEPARATOR, second == null ? List.of(command, identifier, value) : List.of(command, identifier, value, second)));
            argSpec.setValue(stored);
        }
    }

    /** The publish properties given, for MQTT 5 (mosquitto_pub refuses them with 3.1.1, as here). */
    MessageProperties publishProperties() {
        MessageProperties.Builder b = MessageProperties.builder();
        boolean any = false;
        for (Property p : given) {
            if (!p.command().equals("publish")) continue;
            any = true;
            switch (p.identifier()) {
                case "content-type" -> b.contentType(p.value());
                case "correlation-data" -> b.correlationData(p.value().getBytes(StandardCharsets.UTF_8));
                case "message-expiry-interval" -> b.messageExpiry(Duration.ofSeconds(number(p, 0xFFFF_FFFFL)));
                case "payload-format-indicator" -> b.payloadIsUtf8(number(p, 1) == 1);
                case "response-topic" -> b.responseTopic(p.value());
                case "user-property" -> b.userProperty(p.value(), p.secondValue());
                default -> throw new IllegalArgumentException("-D publish " + p.identifier() + ": not a publish property iotls "
                        + "sends (content-type, correlation-data, message-expiry-interval, payload-format-indicator, response-topic, user-property)");
            }
        }
        return any ? b.build() : MessageProperties.NONE;
    }

    /** -D connect session-expiry-interval, if given. */
    java.util.OptionalLong sessionExpiry() {
        java.util.OptionalLong expiry = java.util.OptionalLong.empty();
        for (Property p : given) {
            if (!p.command().equals("connect")) continue;
            if (!p.identifier().equals("session-expiry-interval")) {
                throw new IllegalArgumentException("-D connect " + p.identifier() + ": iotls sets only session-expiry-interval on CONNECT "
                        + "from the command line");
            }
            expiry = java.util.OptionalLong.of(number(p, 0xFFFF_FFFFL));
        }
        return expiry;
    }

    void checkCommands(boolean mqtt5, String... allowed) {
        for (Property p : given) {
            if (!List.of(allowed).contains(p.command())) {
                throw new IllegalArgumentException("-D " + p.command() + ": this command takes -D " + String.join(" or -D ", allowed));
            }
            if (!mqtt5) throw new IllegalArgumentException("-D: properties are MQTT 5 only; add -V 5");
        }
    }

    private static long number(Property p, long max) {
        try {
            long v = Long.parseLong(p.value());
            if (v < 0 || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D " + p.command() + " " + p.identifier() + " " + p.value() + ": a number from 0 to " + max);
        }
    }
}
