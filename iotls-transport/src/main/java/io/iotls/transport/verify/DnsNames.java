package io.iotls.transport.verify;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * The syntax of names in certificates: DNS names (RFC 1034 3.5 preferred syntax, RFC 5280 4.2.1.6), wildcards (RFC
 * 6125 6.4.3, as the CA/Browser Forum allows them: the whole left-most label, never over a public suffix), mailboxes,
 * and the canonical text of an IP address (RFC 5952 for IPv6).
 */
final class DnsNames {
    private DnsNames() {}

    /**
     * Suffixes under which anyone may register names, so a wildcard over them would cover strangers' hosts. Not the
     * whole Public Suffix List (thousands of entries that change every week): every single label, every two-letter
     * country code with the usual second levels (co.uk, com.au, ...), and the shared hosting domains that devices meet.
     */
    private static final Set<String> SECOND_LEVELS = Set.of("co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go",
            "mil", "gob", "nic", "ltd", "plc", "nom", "sch", "info", "biz", "int", "gen", "firm", "ind", "res", "lg", "ed", "gr");
    private static final Set<String> SHARED_HOSTING = Set.of("s3.amazonaws.com", "amazonaws.com", "cloudfront.net",
            "elasticbeanstalk.com", "herokuapp.com", "github.io", "gitlab.io", "azurewebsites.net", "cloudapp.net",
            "blob.core.windows.net", "azure-devices.net", "appspot.com", "web.app", "firebaseapp.com", "blogspot.com",
            "netlify.app", "vercel.app", "pages.dev", "workers.dev", "fly.dev", "onrender.com", "duckdns.org", "dyndns.org",
            "no-ip.org", "ngrok.io", "ngrok-free.app", "iot.us-east-1.amazonaws.com");

    /** Why {@code name} is no valid DNS name for a subjectAltName or a constraint, or null when it is one. */
    static String dnsSyntaxProblem(String name, boolean wildcardAllowed) {
        if (name.isEmpty()) return "it is empty";
        if (name.length() > 253) return "it is longer than 253 characters";
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch > 0x7e || ch < 0x21) return "it holds a character that is not ASCII (IDNs must be written as xn-- A-labels)";
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.equals("*") && i == 0 && wildcardAllowed) continue;
            if (label.contains("*")) {
                return wildcardAllowed ? "a wildcard may only be the whole left-most label (RFC 6125 6.4.3)"
                        : "a wildcard is not allowed here";
            }
            if (label.isEmpty()) return "it has an empty label";
            if (label.length() > 63) return "the label '" + label + "' is longer than 63 characters";
            if (label.indexOf('_') >= 0) return "the label '" + label + "' holds an underscore, which host names may not";
            if (!label.matches("[A-Za-z0-9-]+")) return "the label '" + label + "' holds a character other than letters, digits and '-'";
            if (label.startsWith("-") || label.endsWith("-")) return "the label '" + label + "' begins or ends with '-'";
        }
        if (labels[0].equals("*")) {
            if (labels.length < 3) return "the wildcard covers every name " + (labels.length == 1 ? "there is" : "in a top-level domain");
            String suffix = name.substring(2).toLowerCase(Locale.ROOT);
            if (isPublicSuffix(suffix)) return "the wildcard covers the public suffix '" + suffix + "' (names of many owners)";
        }
        return null;
    }

    static boolean isPublicSuffix(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        String[] labels = d.split("\\.");
        if (labels.length == 1) return true;
        if (labels.length == 2 && labels[1].length() == 2 && SECOND_LEVELS.contains(labels[0])) return true;
        return SHARED_HOSTING.contains(d);
    }

    /** Why {@code mailbox} is no valid rfc822Name (local@domain, RFC 5280 4.2.1.6), or null. */
    static String mailboxProblem(String mailbox) {
        int at = mailbox.lastIndexOf('@');
        if (at <= 0 || mailbox.indexOf('@') != at) return "it is not of the form local-part@domain";
        for (int i = 0; i < at; i++) {
            char ch = mailbox.charAt(i);
            if (ch > 0x7e || ch < 0x21) return "its local part holds a character that is not printable ASCII";
        }
        String domain = mailbox.substring(at + 1);
        String p = dnsSyntaxProblem(domain, false);
        return p == null ? null : "its domain '" + domain + "' is no host name: " + p;
    }

    /** The canonical text of an address: dotted decimal for IPv4, RFC 5952 for IPv6 (lower case, longest zero run as ::). */
    static String canonicalIp(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** The address of an IP literal, or null when {@code text} is none (never a DNS lookup). */
    static byte[] ipLiteral(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) return null;
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
