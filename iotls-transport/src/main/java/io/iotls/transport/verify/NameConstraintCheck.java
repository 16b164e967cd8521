package io.iotls.transport.verify;

import io.iotls.transport.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * RFC 5280 4.2.1.10 name constraints of one CA (a trust anchor's too) applied to the certificates below it: DNS names,
 * IP addresses, mailboxes, URIs' hosts and directory names, each checked against the permitted and excluded subtrees
 * of its type. A name of a type the CA constrains but iotls cannot compare (otherName, x400Address, ...) fails.
 * Work is bounded: more than {@value #MAX_COMPARISONS} comparisons in one path is refused as a denial of service.
 */
final class NameConstraintCheck {
    static final int MAX_COMPARISONS = 250_000; // Go's crypto/x509 bound

    private int comparisons;

    /** The subtrees must be well formed: minimum 0, no maximum, bases of valid syntax, not both lists empty. */
    static void checkSyntax(ParsedCertificate ca, NameConstraints nc) throws CertificateProblem {
        GeneralSubtree[] permitted = nc.getPermittedSubtrees();
        GeneralSubtree[] excluded = nc.getExcludedSubtrees();
        if ((permitted == null || permitted.length == 0) && (excluded == null || excluded.length == 0)) {
            throw invalid(ca, "it lists neither permitted nor excluded subtrees");
        }
        for (GeneralSubtree[] list : new GeneralSubtree[][] {permitted, excluded}) {
            if (list == null) continue;
            for (GeneralSubtree t : list) {
                if (t.getMinimum().signum() != 0 || t.getMaximum() != null) throw invalid(ca, "a subtree has a minimum or maximum");
                GeneralName base = t.getBase();
                String problem = switch (base.getTagNo()) {
                    case GeneralName.dNSName -> {
                        String s = text(base);
                        yield s.isEmpty() ? null : DnsNames.dnsSyntaxProblem(s, false);
                    }
                    case GeneralName.iPAddress -> ipRangeProblem(ASN1OctetString.getInstance(base.getName()).getOctets());
                    case GeneralName.rfc822Name -> emailConstraintProblem(text(base));
                    default -> null;
                };
                if (problem != null) throw invalid(ca, "the subtree '" + describe(base) + "' is not valid: " + problem);
            }
        }
    }

    /** Checks the certificates below {@code ca} in {@code chain} (leaf first); self-issued CAs are exempt (RFC 5280 6.1.3 b). */
    void apply(ParsedCertificate ca, List<ParsedCertificate> below) throws CertificateProblem {
        Extension e = ca.extension(Extension.nameConstraints);
        if (e == null) return;
        NameConstraints nc = NameConstraints.getInstance(e.getParsedValue());
        for (int i = 0; i < below.size(); i++) {
            ParsedCertificate c = below.get(i);
            if (i > 0 && c.isSelfIssued()) continue;
            for (GeneralName name : namesOf(c)) check(ca, nc, c, name);
        }
    }

    private static List<GeneralName> namesOf(ParsedCertificate c) throws CertificateProblem {
        List<GeneralName> names = new ArrayList<>();
        X500Name subject = c.subject();
        if (subject.getRDNs().length > 0) names.add(new GeneralName(subject));
        for (RDN rdn : subject.getRDNs(BCStyle.EmailAddress)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                names.add(new GeneralName(GeneralName.rfc822Name, IETFUtils.valueToString(tv.getValue())));
            }
        }
        GeneralNames san = c.subjectAltNames();
        if (san != null) names.addAll(List.of(san.getNames()));
        return names;
    }

    private void check(ParsedCertificate ca, NameConstraints nc, ParsedCertificate c, GeneralName name) throws CertificateProblem {
        GeneralSubtree[] permitted = nc.getPermittedSubtrees();
        GeneralSubtree[] excluded = nc.getExcludedSubtrees();
        if (excluded != null) {
            for (GeneralSubtree t : excluded) {
                if (t.getBase().getTagNo() != name.getTagNo()) continue;
                if (matches(t.getBase(), name, true)) {
                    throw notPermitted(ca, c, name, "it is in the excluded subtree '" + describe(t.getBase()) + "'");
                }
            }
        }
        if (permitted == null) return;
        boolean typeConstrained = false;
        for (GeneralSubtree t : permitted) {
            if (t.getBase().getTagNo() != name.getTagNo()) continue;
            typeConstrained = true;
            if (matches(t.getBase(), name, false)) return;
        }
        if (typeConstrained) {
            throw notPermitted(ca, c, name, "it is in none of the permitted subtrees of its type");
        }
    }

    private boolean matches(GeneralName base, GeneralName name, boolean excluding) throws CertificateProblem {
        if (++comparisons > MAX_COMPARISONS) {
            throw new CertificateProblem(FailureReason.NAME_NOT_PERMITTED, "name constraint checking gave up after "
                    + MAX_COMPARISONS + " comparisons: the chain looks built to exhaust the verifier", null, null);
        }
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> dnsMatches(text(base), text(name), excluding);
            case GeneralName.iPAddress -> ipMatches(ASN1OctetString.getInstance(base.getName()).getOctets(),
                    ASN1OctetString.getInstance(name.getName()).getOctets());
            case GeneralName.rfc822Name -> emailMatches(text(base), text(name));
            case GeneralName.uniformResourceIdentifier -> uriMatches(text(base), text(name));
            case GeneralName.directoryName -> dnMatches(X500Name.getInstance(base.getName()), X500Name.getInstance(name.getName()));
            default -> true; // a type iotls cannot compare: permitted never, excluded always (fail closed)
        };
    }

    /** "example.com" covers example.com and every name below it; a wildcard SAN is also caught by an excluded name below it. */
    static boolean dnsMatches(String constraint, String name, boolean excluding) {
        String c = constraint.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (c.isEmpty()) return true;
        if (n.startsWith("*.") && excluding) {
            String wildcardBase = n.substring(2);
            if (c.endsWith("." + wildcardBase) && c.substring(0, c.length() - wildcardBase.length() - 1).indexOf('.') < 0) return true;
        }
        if (n.startsWith("*.") && !excluding) n = n.substring(2); // *.foo.com is under foo.com
        return n.equals(c) || n.endsWith("." + c);
    }

    static boolean ipMatches(byte[] range, byte[] address) {
        if (range.length != 2 * address.length) return false;
        int n = address.length;
        for (int i = 0; i < n; i++) {
            if ((address[i] & range[n + i]) != (range[i] & range[n + i])) return false;
        }
        return true;
    }

    /** "user@host" one mailbox, "host" every mailbox there, ".domain" every mailbox on a host below it; all literal. */
    static boolean emailMatches(String constraint, String mailbox) {
        int at = mailbox.lastIndexOf('@');
        if (at < 0) return false;
        int constraintAt = constraint.lastIndexOf('@');
        if (constraintAt >= 0) { // the local part compares exactly, the host without case
            return constraint.substring(0, constraintAt).equals(mailbox.substring(0, at))
                    && constraint.substring(constraintAt + 1).equalsIgnoreCase(mailbox.substring(at + 1));
        }
        String host = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
        String c = constraint.toLowerCase(Locale.ROOT);
        return c.startsWith(".") ? host.endsWith(c) : host.equals(c);
    }

    static boolean uriMatches(String constraint, String uri) {
        String host;
        try {
            host = java.net.URI.create(uri).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) return false;
        String c = constraint.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return c.startsWith(".") ? h.endsWith(c) : h.equals(c);
    }

    static boolean dnMatches(X500Name subtree, X500Name name) {
        RDN[] base = subtree.getRDNs();
        RDN[] rdns = name.getRDNs();
        if (base.length > rdns.length) return false;
        for (int i = 0; i < base.length; i++) {
            if (!IETFUtils.rDNAreEqual(base[i], rdns[i])) return false;
        }
        return true;
    }

    private static String ipRangeProblem(byte[] range) {
        if (range.length != 8 && range.length != 32) return "an address range has " + range.length + " bytes (8 or 32 expected)";
        int n = range.length / 2;
        boolean zeroSeen = false;
        for (int i = n; i < range.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (range[i] >> bit & 1) == 1;
                if (one && zeroSeen) return "its netmask is not contiguous";
                if (!one) zeroSeen = true;
            }
        }
        return null;
    }

    private static String emailConstraintProblem(String constraint) {
        if (constraint.contains("@")) return DnsNames.mailboxProblem(constraint);
        String host = constraint.startsWith(".") ? constraint.substring(1) : constraint;
        return DnsNames.dnsSyntaxProblem(host, false);
    }

    private static String text(GeneralName n) {
        return n.getName().toString();
    }

    private static String describe(GeneralName n) {
        return switch (n.getTagNo()) {
            case GeneralName.iPAddress -> {
                byte[] b = ASN1OctetString.getInstance(n.getName()).getOctets();
                if (b.length == 4 || b.length == 16) yield "IP " + DnsNames.canonicalIp(b);
                if (b.length != 8 && b.length != 32) yield "IP range of " + b.length + " bytes";
                byte[] address = java.util.Arrays.copyOf(b, b.length / 2);
                byte[] mask = java.util.Arrays.copyOfRange(b, b.length / 2, b.length);
                yield DnsNames.canonicalIp(address) + "/" + DnsNames.canonicalIp(mask);
            }
            case GeneralName.directoryName -> "DN " + X500Name.getInstance(n.getName());
            case GeneralName.dNSName -> "DNS " + text(n);
            case GeneralName.rfc822Name -> "email " + text(n);
            case GeneralName.uniformResourceIdentifier -> "URI " + text(n);
            default -> "name type " + n.getTagNo();
        };
    }

    private static CertificateProblem invalid(ParsedCertificate ca, String what) {
        return CertificateRules.malformed("RFC 5280 4.2.1.10", ca, "its name constraints are invalid: " + what);
    }

    private static CertificateProblem notPermitted(ParsedCertificate ca, ParsedCertificate c, GeneralName name, String why) {
        return CertificateProblem.rule(FailureReason.NAME_NOT_PERMITTED, "RFC 5280 4.2.1.10", c.x509, "the name " + describe(name)
                + " of " + Describe.subject(c.x509) + " is not allowed by the name constraints of the CA "
                + Describe.subject(ca.x509) + ": " + why, null);
    }
}
