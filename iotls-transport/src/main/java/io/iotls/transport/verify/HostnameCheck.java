package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6125 server identity check: subjectAltName dNSName for names, iPAddress for IP literals; a wildcard only as the
 * whole left-most label and never for IPs; no fallback to the subject CN (RFC 6125 6.4.4, as browsers and Go do).
 */
public final class HostnameCheck {
    private HostnameCheck() {}

    public static void verify(X509Certificate leaf, String expected) throws CertificateProblem {
        List<String> dnsNames = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2) dnsNames.add(String.valueOf(san.get(1)));
                    if (type == 7) ips.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateProblem(FailureReason.HOSTNAME_MISMATCH, "the certificate's subjectAltName cannot be parsed", null, e);
        }
        String host = stripBrackets(expected);
        if (isIpLiteral(host)) {
            InetAddress want = literal(host);
            for (String ip : ips) { // an entry that is no address (a netmask form belongs in name constraints) matches nothing
                if (isIpLiteral(ip) && literal(ip).equals(want)) return;
            }
        } else {
            String name = normalize(host);
            for (String dns : dnsNames) {
                if (matches(normalize(dns), name)) return;
            }
        }
        List<String> all = new ArrayList<>(dnsNames);
        all.addAll(ips);
        String listed = all.isEmpty() ? "it has no subjectAltName at all (iotls does not fall back to the CN, RFC 6125 6.4.4)"
                : "it is only valid for " + String.join(", ", all);
        throw new CertificateProblem(FailureReason.HOSTNAME_MISMATCH, "certificate " + Describe.subject(leaf)
                + " is not valid for '" + expected + "'; " + listed,
                all.isEmpty() ? "reissue the certificate with '" + expected + "' in its subjectAltName"
                        : "connect by one of those names, or set --servername to one of them if you trust that mapping", null);
    }

    static boolean matches(String pattern, String name) {
        if (!pattern.startsWith("*.")) return pattern.equals(name);
        String suffix = pattern.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) return false; // "*.com" is too broad
        if (!name.endsWith(suffix)) return false;
        String label = name.substring(0, name.length() - suffix.length());
        return !label.isEmpty() && !label.contains(".");
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public static boolean isIpLiteral(String host) {
        String h = stripBrackets(host);
        return h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.%]+"));
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no DNS lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
