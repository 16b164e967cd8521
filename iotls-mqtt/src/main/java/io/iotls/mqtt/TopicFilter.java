package io.iotls.mqtt;

import io.iotls.mqtt.internal.codec.Topics;

/** MQTT topic filters (section 4.7): checked as a broker checks them, and matched against topic names. */
public final class TopicFilter {
    private TopicFilter() {}

    /** Throws {@link IllegalArgumentException}, in words, if {@code filter} is not a valid filter. */
    public static void check(String filter) {
        Topics.checkFilter(filter);
    }

    /** True if the topic name matches the filter ({@code +} one level, {@code #} the rest; {@code $} topics only explicitly). */
    public static boolean matches(String filter, String topic) {
        return Topics.matches(filter, topic);
    }
}
