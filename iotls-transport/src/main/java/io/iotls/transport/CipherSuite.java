package io.iotls.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The cipher suites iotls can negotiate, by IANA name, with OpenSSL's name and the key exchange they use.
 * TLS 1.3 suites fix only the cipher and hash; the key exchange is always (EC)DHE, with certificates or a PSK.
 */
public enum CipherSuite {
    // TLS 1.3 (RFC 8446)
    TLS_AES_128_GCM_SHA256(0x1301, "TLS_AES_128_GCM_SHA256", KeyExchange.TLS13, true),
    TLS_AES_256_GCM_SHA384(0x1302, "TLS_AES_256_GCM_SHA384", KeyExchange.TLS13, true),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, "TLS_CHACHA20_POLY1305_SHA256", KeyExchange.TLS13, true),
    // TLS 1.2, ECDHE with certificates
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", KeyExchange.ECDHE_ECDSA, true),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", KeyExchange.ECDHE_RSA, true),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", KeyExchange.ECDHE_ECDSA, true),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, "ECDHE-RSA-AES256-GCM-SHA384", KeyExchange.ECDHE_RSA, true),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", KeyExchange.ECDHE_ECDSA, true),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", KeyExchange.ECDHE_RSA, true),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xC023, "ECDHE-ECDSA-AES128-SHA256", KeyExchange.ECDHE_ECDSA, false),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xC027, "ECDHE-RSA-AES128-SHA256", KeyExchange.ECDHE_RSA, false),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384(0xC024, "ECDHE-ECDSA-AES256-SHA384", KeyExchange.ECDHE_ECDSA, false),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384(0xC028, "ECDHE-RSA-AES256-SHA384", KeyExchange.ECDHE_RSA, false),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xC009, "ECDHE-ECDSA-AES128-SHA", KeyExchange.ECDHE_ECDSA, false),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xC013, "ECDHE-RSA-AES128-SHA", KeyExchange.ECDHE_RSA, false),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA(0xC00A, "ECDHE-ECDSA-AES256-SHA", KeyExchange.ECDHE_ECDSA, false),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA(0xC014, "ECDHE-RSA-AES256-SHA", KeyExchange.ECDHE_RSA, false),
    // TLS 1.2, DHE with RSA certificates
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256(0x009E, "DHE-RSA-AES128-GCM-SHA256", KeyExchange.DHE_RSA, true),
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384(0x009F, "DHE-RSA-AES256-GCM-SHA384", KeyExchange.DHE_RSA, true),
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCAA, "DHE-RSA-CHACHA20-POLY1305", KeyExchange.DHE_RSA, true),
    // TLS 1.2, static RSA key transport: no forward secrecy, only when named
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009C, "AES128-GCM-SHA256", KeyExchange.RSA, true),
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009D, "AES256-GCM-SHA384", KeyExchange.RSA, true),
    TLS_RSA_WITH_AES_128_CBC_SHA256(0x003C, "AES128-SHA256", KeyExchange.RSA, false),
    TLS_RSA_WITH_AES_256_CBC_SHA256(0x003D, "AES256-SHA256", KeyExchange.RSA, false),
    TLS_RSA_WITH_AES_128_CBC_SHA(0x002F, "AES128-SHA", KeyExchange.RSA, false),
    TLS_RSA_WITH_AES_256_CBC_SHA(0x0035, "AES256-SHA", KeyExchange.RSA, false),
    // TLS 1.2, pre-shared keys (RFC 4279, 5487, 5489, 7905)
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, "ECDHE-PSK-CHACHA20-POLY1305", KeyExchange.ECDHE_PSK, true),
    TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256(0xC037, "ECDHE-PSK-AES128-CBC-SHA256", KeyExchange.ECDHE_PSK, false),
    TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384(0xC038, "ECDHE-PSK-AES256-CBC-SHA384", KeyExchange.ECDHE_PSK, false),
    TLS_DHE_PSK_WITH_AES_128_GCM_SHA256(0x00AA, "DHE-PSK-AES128-GCM-SHA256", KeyExchange.DHE_PSK, true),
    TLS_DHE_PSK_WITH_AES_256_GCM_SHA384(0x00AB, "DHE-PSK-AES256-GCM-SHA384", KeyExchange.DHE_PSK, true),
    TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAD, "DHE-PSK-CHACHA20-POLY1305", KeyExchange.DHE_PSK, true),
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, "PSK-AES128-GCM-SHA256", KeyExchange.PSK, true),
    TLS_PSK_WITH_AES_256_GCM_SHA384(0x00A9, "PSK-AES256-GCM-SHA384", KeyExchange.PSK, true),
    TLS_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAB, "PSK-CHACHA20-POLY1305", KeyExchange.PSK, true),
    TLS_PSK_WITH_AES_128_CBC_SHA256(0x00AE, "PSK-AES128-CBC-SHA256", KeyExchange.PSK, false),
    TLS_PSK_WITH_AES_256_CBC_SHA384(0x00AF, "PSK-AES256-CBC-SHA384", KeyExchange.PSK, false);

    /** How a TLS 1.2 suite agrees on keys and authenticates the server; TLS 1.3 suites say {@code TLS13}. */
    public enum KeyExchange {
        TLS13, ECDHE_ECDSA, ECDHE_RSA, DHE_RSA, RSA, PSK, DHE_PSK, ECDHE_PSK;

        public boolean usesPsk() {
            return this == PSK || this == DHE_PSK || this == ECDHE_PSK;
        }

        public boolean isForwardSecret() {
            return this != RSA && this != PSK;
        }
    }

    private final int code;
    private final String openSslName;
    private final KeyExchange keyExchange;
    private final boolean aead;

    CipherSuite(int code, String openSslName, KeyExchange keyExchange, boolean aead) {
        this.code = code;
        this.openSslName = openSslName;
        this.keyExchange = keyExchange;
        this.aead = aead;
    }

    /** The IANA name, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}. */
    public String ianaName() {
        return name();
    }

    /** OpenSSL's name, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}. */
    public String openSslName() {
        return openSslName;
    }

    /** The 16-bit code point on the wire. */
    public int code() {
        return code;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public boolean isTls13() {
        return keyExchange == KeyExchange.TLS13;
    }

    public boolean isAead() {
        return aead;
    }

    public static Optional<CipherSuite> fromCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    /** One suite by IANA or OpenSSL name (case-insensitive), or an error that lists the nearest known names. */
    public static CipherSuite byName(String name) {
        String n = name.trim();
        for (CipherSuite s : values()) {
            if (s.name().equalsIgnoreCase(n) || s.openSslName.equalsIgnoreCase(n)) return s;
        }
        throw new IllegalArgumentException("unknown cipher suite '" + n + "'; nearest known: "
                + String.join(", ", nearest(n, 3)) + " (all of them: 'iotls probe --list-ciphers')");
    }

    /**
     * Parses a list separated by {@code :}, {@code ,} or spaces, IANA or OpenSSL names, in order, without duplicates.
     */
    public static List<CipherSuite> parseList(String list) {
        Set<CipherSuite> suites = new LinkedHashSet<>();
        for (String name : list.split("[:,\\s]+")) {
            if (!name.isBlank()) suites.add(byName(name));
        }
        if (suites.isEmpty()) throw new IllegalArgumentException("the cipher suite list '" + list + "' names no suite");
        return List.copyOf(suites);
    }

    /** Secure defaults: forward-secret AEAD suites and the TLS 1.3 suites, for certificate authentication. */
    public static List<CipherSuite> defaultsForCertificates() {
        return Arrays.stream(values())
                .filter(s -> s.aead && s.keyExchange.isForwardSecret() && !s.keyExchange.usesPsk()).toList();
    }

    /** Secure defaults with a PSK: TLS 1.3 suites and the forward-secret (EC)DHE-PSK AEAD suites. */
    public static List<CipherSuite> defaultsForPsk() {
        return Arrays.stream(values())
                .filter(s -> s.aead && (s.isTls13() || (s.keyExchange.usesPsk() && s.keyExchange.isForwardSecret()))).toList();
    }

    /**
     * Like OpenSSL's separate -cipher and -ciphersuites: a list that names only TLS 1.2 suites keeps the default
     * TLS 1.3 suites, so naming a TLS 1.2 suite never disables TLS 1.3 by accident.
     */
    public static List<CipherSuite> withTls13Defaults(List<CipherSuite> named) {
        if (named.stream().anyMatch(CipherSuite::isTls13)) return named;
        List<CipherSuite> all = new ArrayList<>(List.of(TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256));
        all.addAll(named);
        return List.copyOf(all);
    }

    static List<String> nearest(String name, int count) {
        String target = name.toUpperCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        for (CipherSuite s : values()) {
            candidates.add(s.name());
            candidates.add(s.openSslName);
        }
        return candidates.stream().distinct()
                .sorted(Comparator.comparingInt((String c) -> editDistance(target, c.toUpperCase(Locale.ROOT))))
                .limit(count).toList();
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
