package io.jdefer.samples.gateway;

/** Writes ASCII text and numbers into a byte buffer, without allocating. */
final class Ascii {
    private Ascii() {}

    /** Writes {@code s} (ASCII) at {@code pos}; returns the position after it. */
    static int put(byte[] buf, int pos, String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }

    /** Writes {@code value} in decimal at {@code pos}; returns the position after it. */
    static int put(byte[] buf, int pos, long value) {
        if (value == 0) {
            buf[pos++] = '0';
            return pos;
        }
        if (value < 0) {
            buf[pos++] = '-';
            value = -value;
        }
        int digits = 0;
        for (long v = value; v != 0; v /= 10) {
            digits++;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return pos + digits;
    }

    /** The integer value of query parameter {@code name} in {@code query}, or {@code fallback}. */
    static int param(String query, String name, int fallback) {
        if (query == null) {
            return fallback;
        }
        int at = 0;
        while (at < query.length()) {
            int end = query.indexOf('&', at);
            if (end < 0) {
                end = query.length();
            }
            if (query.startsWith(name, at) && at + name.length() < end && query.charAt(at + name.length()) == '=') {
                int value = 0;
                for (int i = at + name.length() + 1; i < end; i++) {
                    char c = query.charAt(i);
                    if (c < '0' || c > '9') {
                        return fallback;
                    }
                    value = value * 10 + (c - '0');
                }
                return value;
            }
            at = end + 1;
        }
        return fallback;
    }
}
