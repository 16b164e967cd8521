package io.iotls.cli;

import java.util.List;
import java.util.Map;

/** Just enough JSON writing for {@code --json}: maps, lists, strings, numbers, booleans, null. */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder();
        string(out, s);
        return out.toString();
    }

    /** A valid JSON text without the white space between its tokens (as cJSON prints it unformatted). */
    static String minified(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') out.append(json.charAt(++i));
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (" \t\n\r".indexOf(c) < 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True if {@code text} is one JSON value (RFC 8259), surrounding white space allowed. */
    static boolean isValid(String text) {
        int[] at = {0};
        try {
            skip(text, at);
            value(text, at, 0);
            skip(text, at);
            return at[0] == text.length();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static void value(String s, int[] at, int depth) {
        if (depth > 512) throw new IllegalArgumentException("too deep");
        char c = s.charAt(at[0]);
        switch (c) {
            case '{' -> {
                at[0]++;
                skip(s, at);
                if (s.charAt(at[0]) == '}') { at[0]++; return; }
                while (true) {
                    skip(s, at);
                    stringLiteral(s, at);
                    skip(s, at);
                    expect(s, at, ':');
                    skip(s, at);
                    value(s, at, depth + 1);
                    skip(s, at);
                    if (s.charAt(at[0]) == ',') { at[0]++; continue; }
                    expect(s, at, '}');
                    return;
                }
            }
            case '[' -> {
                at[0]++;
                skip(s, at);
                if (s.charAt(at[0]) == ']') { at[0]++; return; }
                while (true) {
                    skip(s, at);
                    value(s, at, depth + 1);
                    skip(s, at);
                    if (s.charAt(at[0]) == ',') { at[0]++; continue; }
                    expect(s, at, ']');
                    return;
                }
            }
            case '"' -> stringLiteral(s, at);
            case 't' -> word(s, at, "true");
            case 'f' -> word(s, at, "false");
            case 'n' -> word(s, at, "null");
            default -> number(s, at);
        }
    }

    private static void stringLiteral(String s, int[] at) {
        expect(s, at, '"');
        while (true) {
            char c = s.charAt(at[0]++);
            if (c == '"') return;
            if (c < 0x20) throw new IllegalArgumentException("control character in a string");
            if (c == '\\') {
                char e = s.charAt(at[0]++);
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) if (Character.digit(s.charAt(at[0]++), 16) < 0) throw new IllegalArgumentException("bad escape");
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
            }
        }
    }

    private static void number(String s, int[] at) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?").matcher(s);
        if (!m.find(at[0]) || m.start() != at[0] || m.end() == at[0]) throw new IllegalArgumentException("not a value");
        at[0] = m.end();
    }

    private static void word(String s, int[] at, String word) {
        if (!s.startsWith(word, at[0])) throw new IllegalArgumentException("not a value");
        at[0] += word.length();
    }

    private static void expect(String s, int[] at, char c) {
        if (s.charAt(at[0]) != c) throw new IllegalArgumentException("expected " + c);
        at[0]++;
    }

    private static void skip(String s, int[] at) {
        while (at[0] < s.length() && " \t\n\r".indexOf(s.charAt(at[0])) >= 0) at[0]++;
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
