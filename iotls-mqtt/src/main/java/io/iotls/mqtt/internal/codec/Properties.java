package io.iotls.mqtt.internal.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An MQTT 5 property set, immutable. Single-valued properties by {@link Property}; user properties in order;
 * subscription identifiers as a list (a PUBLISH may carry several).
 */
public final class Properties {
    public static final Properties NONE = new Properties(new EnumMap<>(Property.class), List.of(), List.of());

    /** A user property: a UTF-8 name/value pair; names may repeat. */
    public record UserProperty(String name, String value) {
        public UserProperty {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    private final Map<Property, Object> values;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;

    private Properties(Map<Property, Object> values, List<UserProperty> userProperties, List<Integer> subscriptionIdentifiers) {
        this.values = Collections.unmodifiableMap(values);
        this.userProperties = List.copyOf(userProperties);
        this.subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.userProperties.addAll(userProperties);
        b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        return b;
    }

    public boolean isEmpty() {
        return values.isEmpty() && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty();
    }

    public Optional<Integer> integer(Property p) {
        Object v = values.get(p);
        return v instanceof Integer i ? Optional.of(i) : Optional.empty();
    }

    public Optional<Long> fourByte(Property p) {
        Object v = values.get(p);
        return v instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    public Optional<String> string(Property p) {
        Object v = values.get(p);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<byte[]> binary(Property p) {
        Object v = values.get(p);
        return v instanceof byte[] b ? Optional.of(b.clone()) : Optional.empty();
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    /** Encoded as in 2.2.2: variable byte integer length, then the properties. */
    void write(MqttWriter out) {
        MqttWriter body = new MqttWriter(32);
        for (Map.Entry<Property, Object> e : values.entrySet()) {
            body.variableByteInteger(e.getKey().id());
            writeValue(body, e.getKey().type(), e.getValue());
        }
        for (Integer id : subscriptionIdentifiers) {
            body.variableByteInteger(Property.SUBSCRIPTION_IDENTIFIER.id()).variableByteInteger(id);
        }
        for (UserProperty u : userProperties) {
            body.variableByteInteger(Property.USER_PROPERTY.id()).utf8(u.name()).utf8(u.value());
        }
        out.variableByteInteger(body.size()).raw(body.toByteArray());
    }

    private static void writeValue(MqttWriter w, Property.Type type, Object v) {
        switch (type) {
            case BYTE -> w.u8((Integer) v);
            case TWO_BYTE -> w.u16((Integer) v);
            case FOUR_BYTE -> w.u32((Long) v);
            case VARIABLE_BYTE -> w.variableByteInteger((Integer) v);
            case UTF8 -> w.utf8((String) v);
            case BINARY -> w.binary((byte[]) v);
            case UTF8_PAIR -> throw new IllegalStateException("user properties are kept apart");
        }
    }

    /** Reads a property set, rejecting unknown, misplaced, repeated and out-of-range properties. */
    static Properties read(MqttReader in, PropertyContext context) throws MalformedPacketException {
        int length = in.variableByteInteger(context + " properties length");
        if (length > in.remaining()) {
            throw new MalformedPacketException(context + " properties length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        if (length == 0) return NONE;
        int end = in.remaining() - length; // bytes left after the properties
        Builder b = new Builder();
        while (in.remaining() > end) {
            Property p = Property.of(in.variableByteInteger(context + " property identifier"));
            if (!p.allowedIn(context)) {
                throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, p + " is not allowed in " + context);
            }
            if (!p.repeatable(context) && (b.values.containsKey(p) || (p == Property.SUBSCRIPTION_IDENTIFIER
                    && !b.subscriptionIdentifiers.isEmpty()))) {
                throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, p + " appears more than once in " + context);
            }
            switch (p.type()) {
                case BYTE -> b.values.put(p, checkRange(p, in.u8(p.name()), context));
                case TWO_BYTE -> b.values.put(p, checkRange(p, in.u16(p.name()), context));
                case FOUR_BYTE -> {
                    long v = in.u32(p.name());
                    if (p == Property.MAXIMUM_PACKET_SIZE && v == 0) {
                        throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "MAXIMUM_PACKET_SIZE must not be 0");
                    }
                    b.values.put(p, v);
                }
                case VARIABLE_BYTE -> {
                    int v = in.variableByteInteger(p.name());
                    if (v == 0) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, "SUBSCRIPTION_IDENTIFIER must not be 0");
                    b.subscriptionIdentifiers.add(v);
                }
                case UTF8 -> b.values.put(p, in.utf8(p.name()));
                case BINARY -> b.values.put(p, in.binary(p.name()));
                case UTF8_PAIR -> b.userProperties.add(new UserProperty(in.utf8("user property name"), in.utf8("user property value")));
            }
            if (in.remaining() < end) throw new MalformedPacketException(context + " properties run past their length");
        }
        return b.build();
    }

    private static int checkRange(Property p, int v, PropertyContext context) throws MalformedPacketException {
        boolean ok = switch (p) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                 RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                 SHARED_SUBSCRIPTION_AVAILABLE -> v == 0 || v == 1;
            case RECEIVE_MAXIMUM, TOPIC_ALIAS -> v != 0;
            default -> true;
        };
        if (!ok) throw new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, p + " has invalid value " + v + " in " + context);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Properties other)) return false;
        if (!values.keySet().equals(other.values.keySet())) return false;
        for (Map.Entry<Property, Object> e : values.entrySet()) {
            Object a = e.getValue();
            Object b = other.values.get(e.getKey());
            if (a instanceof byte[] x && b instanceof byte[] y ? !Arrays.equals(x, y) : !a.equals(b)) return false;
        }
        return userProperties.equals(other.userProperties) && subscriptionIdentifiers.equals(other.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.keySet(), userProperties, subscriptionIdentifiers);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Properties{");
        values.forEach((k, v) -> s.append(k).append('=').append(v instanceof byte[] b ? b.length + " bytes" : v).append(", "));
        if (!subscriptionIdentifiers.isEmpty()) s.append("SUBSCRIPTION_IDENTIFIER=").append(subscriptionIdentifiers).append(", ");
        userProperties.forEach(u -> s.append(u.name()).append(':').append(u.value()).append(", "));
        return s.append('}').toString();
    }

    public static final class Builder {
        private final Map<Property, Object> values = new EnumMap<>(Property.class);
        private final List<UserProperty> userProperties = new ArrayList<>();
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>();

        private Builder() {}

        public Builder integer(Property p, int value) {
            if (p.type() != Property.Type.BYTE && p.type() != Property.Type.TWO_BYTE) {
                throw new IllegalArgumentException(p + " is not a byte or two-byte integer");
            }
            values.put(p, value);
            return this;
        }

        public Builder fourByte(Property p, long value) {
            if (p.type() != Property.Type.FOUR_BYTE) throw new IllegalArgumentException(p + " is not a four-byte integer");
            values.put(p, value);
            return this;
        }

        public Builder string(Property p, String value) {
            if (p.type() != Property.Type.UTF8) throw new IllegalArgumentException(p + " is not a string");
            values.put(p, value);
            return this;
        }

        public Builder binary(Property p, byte[] value) {
            if (p.type() != Property.Type.BINARY) throw new IllegalArgumentException(p + " is not binary data");
            values.put(p, value.clone());
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder subscriptionIdentifier(int id) {
            if (id < 1 || id > Limits.MAX_VARIABLE_BYTE_INTEGER) throw new IllegalArgumentException("subscription identifier out of range");
            subscriptionIdentifiers.add(id);
            return this;
        }

        public Properties build() {
            if (values.isEmpty() && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty()) return NONE;
            return new Properties(new EnumMap<>(values), userProperties, subscriptionIdentifiers);
        }
    }
}
