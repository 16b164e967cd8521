package io.iotls.bench.validation;

import io.iotls.transport.verify.CertificateProblem;
import io.iotls.transport.verify.CertificatePurpose;
import io.iotls.transport.verify.CertificateVerifier;
import io.iotls.transport.verify.NamedCrl;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs iotls' {@link CertificateVerifier} over an x509-limbo test suite (C2SP/x509-limbo's limbo.json: path-validation
 * cases from RFC 5280 and the CA/Browser Forum rules, each with its expected result) and counts false accepts, false
 * rejects and the slowest case. The suite is not part of this repository: make it with the limbo project
 * (scripts/limbo.sh shows how) so the judge stays independent of the code it judges.
 */
@Command(name = "limbo", mixinStandardHelpOptions = true,
        description = "Run iotls' certificate verifier over an x509-limbo suite (limbo.json) and count false accepts and rejects.")
public final class LimboCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LIMBO_JSON", description = "The suite, as `limbo compile` writes it.")
    Path suite;

    @Option(names = "--verbose", description = "One line per case, with iotls' reason.")
    boolean verbose;

    @Option(names = "--include", paramLabel = "PREFIX", description = "Only cases whose id starts with PREFIX.")
    String include;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(suite));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) root.get("testcases");
        int total = 0;
        int falseAccepts = 0;
        int falseRejects = 0;
        int unsupported = 0;
        long slowestNanos = 0;
        String slowest = "";
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String id = (String) c.get("id");
            if (include != null && !id.startsWith(include)) continue;
            total++;
            boolean expectSuccess = "SUCCESS".equals(c.get("expected_result"));
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = run(c);
            } catch (UnsupportedOperationException e) {
                unsupported++;
                if (verbose) System.out.println("SKIP  " + id + ": " + e.getMessage());
                continue;
            }
            long nanos = System.nanoTime() - start;
            if (nanos > slowestNanos) {
                slowestNanos = nanos;
                slowest = id;
            }
            boolean accepted = outcome == null;
            String mark = accepted == expectSuccess ? "ok   " : accepted ? "FALSE-ACCEPT" : "FALSE-REJECT";
            if (accepted && !expectSuccess) falseAccepts++;
            if (!accepted && expectSuccess) falseRejects++;
            if (accepted != expectSuccess) wrong.add(mark + " " + id + (outcome == null ? "" : ": " + outcome));
            if (verbose) System.out.println(mark + " " + id + (outcome == null ? "" : ": " + outcome));
        }
        if (!verbose) wrong.forEach(System.out::println);
        System.out.printf("%d cases: %d false accepts, %d false rejects, %d not run (unsupported input); slowest %s in %.1f ms%n",
                total, falseAccepts, falseRejects, unsupported, slowest, slowestNanos / 1e6);
        return 0;
    }

    /** Null when iotls accepts the case, else its reason. */
    @SuppressWarnings("unchecked")
    private static String run(Map<String, Object> c) throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        List<X509Certificate> chain = new ArrayList<>();
        try { // the JDK's parser refuses some certificates outright: a refusal as any other
            for (Object pem : (List<Object>) c.get("trusted_certs")) anchors.add(certificate((String) pem));
            chain.add(certificate((String) c.get("peer_certificate")));
            for (Object pem : (List<Object>) c.get("untrusted_intermediates")) chain.add(certificate((String) pem));
        } catch (Exception e) {
            return "unparseable certificate: " + e.getMessage();
        }
        CertificateVerifier.Builder b = CertificateVerifier.builder().trustAnchors(anchors)
                .purpose("CLIENT".equals(c.get("validation_kind")) ? CertificatePurpose.CLIENT_AUTH : CertificatePurpose.SERVER_AUTH);
        if (c.get("max_chain_depth") instanceof Long depth) b.maxIntermediates(depth.intValue());
        List<NamedCrl> crls = new ArrayList<>();
        for (Object pem : (List<Object>) c.getOrDefault("crls", List.of())) {
            crls.add(new NamedCrl((X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(((String) pem).getBytes(StandardCharsets.US_ASCII))), "the suite"));
        }
        b.crls(crls);
        Object time = c.get("validation_time");
        Instant at = time == null ? Instant.now() : Instant.parse(((String) time).replace("+00:00", "Z"));
        String name = null;
        if (c.get("expected_peer_name") instanceof Map<?, ?> peer) {
            if ("RFC822".equals(peer.get("kind"))) throw new UnsupportedOperationException("mailbox peer names");
            name = (String) peer.get("value");
        }
        try {
            b.build().verify(chain, name, at);
            return null;
        } catch (CertificateProblem p) {
            return p.reason() + ": " + p.getMessage();
        } catch (RuntimeException e) { // a verifier must never do this: shown as such
            return "CRASH " + e;
        }
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
