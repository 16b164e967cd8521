package io.iotls.mqtt.internal.codec;

/** Topic name and topic filter rules (4.7) and filter matching. */
public final class Topics {
    private Topics() {}

    /** A PUBLISH topic: at least one character (unless MQTT 5 uses a topic alias), no wildcards. */
    public static void checkTopicName(String topic, boolean emptyAllowed) {
        if (topic.isEmpty() && !emptyAllowed) throw new IllegalArgumentException("a topic name must not be empty");
        MqttStrings.check("topic name '" + topic + "'", topic);
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a topic name must not contain wildcards '+' or '#': " + topic);
        }
    }

    /** A SUBSCRIBE filter: '#' only as the whole last level, '+' only as a whole level. */
    public static void checkFilter(String filter) {
        if (filter.isEmpty()) throw new IllegalArgumentException("a topic filter must not be empty");
        MqttStrings.check("topic filter '" + filter + "'", filter);
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' must be the whole last level of a topic filter: " + filter);
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level of a topic filter: " + filter);
            }
        }
    }

    /** Does {@code topic} match {@code filter}? Topics starting with '$' do not match leading wildcards (4.7.2). */
    public static boolean matches(String filter, String topic) {
        String f = filter;
        if (f.startsWith("$share/")) { // $share/{group}/{filter}
            int slash = f.indexOf('/', 7);
            f = slash < 0 ? f : f.substring(slash + 1);
        }
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) return false;
        String[] fl = f.split("/", -1);
        String[] tl = topic.split("/", -1);
        for (int i = 0; i < fl.length; i++) {
            if (fl[i].equals("#")) return true;
            if (i >= tl.length) return false;
            if (!fl[i].equals("+") && !fl[i].equals(tl[i])) return false;
        }
        return fl.length == tl.length;
    }
}
