package io.iotls.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a broker's certificate is checked for revocation, by both sources under one policy: the OCSP response the
 * broker staples to its handshake (RFC 6066 status_request, RFC 6960), and CRL files. Immutable.
 * <pre>{@code
 * RevocationPolicy.builder().ocspStapling(Mode.REQUIRE).build();                       // no good staple, no connection
 * RevocationPolicy.builder().crlFile(Path.of("crl.pem")).crls(Mode.REQUIRE).build(); // a CRL for every issuer
 * }</pre>
 */
public final class RevocationPolicy {
    /** What a source of revocation information is worth. */
    public enum Mode {
        /** Not asked for, not looked at. */
        IGNORE,
        /**
         * Used when present: "revoked" fails the connection. Absent, or present but unusable (a stale or badly signed
         * OCSP response), the connection goes on with a warning in the trace.
         */
        SOFT,
        /** Required: without good, current information for the certificate the connection fails. */
        REQUIRE
    }

    private final Mode ocspStapling;
    private final Mode crls;
    private final List<Path> crlFiles;
    private final CrlScope crlScope;
    private final boolean acceptStaleCrls;

    private RevocationPolicy(Builder b) {
        ocspStapling = b.ocspStapling;
        crls = b.crls;
        crlFiles = List.copyOf(b.crlFiles);
        crlScope = b.crlScope;
        acceptStaleCrls = b.acceptStaleCrls;
    }

    /** OCSP stapling SOFT (asked for, used when the broker staples), CRLs SOFT (used for the issuers they cover), no CRL files. */
    public static RevocationPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Mode ocspStapling() { return ocspStapling; }

    /** SOFT: an issuer's CRL is checked when one was given; REQUIRE: every issuer in the path needs one. */
    public Mode crls() { return crls; }

    /** The CRL files to load; empty when CRLs are {@link Mode#IGNORE}d. */
    public List<Path> crlFiles() { return crls == Mode.IGNORE ? List.of() : crlFiles; }

    public CrlScope crlScope() { return crlScope; }

    public boolean acceptStaleCrls() { return acceptStaleCrls; }

    public Builder toBuilder() {
        Builder b = new Builder().ocspStapling(ocspStapling).crls(crls).crlScope(crlScope).acceptStaleCrls(acceptStaleCrls);
        b.crlFiles.addAll(crlFiles);
        return b;
    }

    @Override
    public String toString() {
        return "RevocationPolicy[OCSP stapling " + ocspStapling + ", CRLs " + crls
                + (crlFiles.isEmpty() ? "" : " " + crlFiles + " (" + crlScope + (acceptStaleCrls ? ", stale accepted" : "") + ")") + "]";
    }

    public static final class Builder {
        private Mode ocspStapling = Mode.SOFT;
        private Mode crls = Mode.SOFT;
        private final List<Path> crlFiles = new ArrayList<>();
        private CrlScope crlScope = CrlScope.CHAIN;
        private boolean acceptStaleCrls;

        private Builder() {}

        public Builder ocspStapling(Mode mode) { ocspStapling = Objects.requireNonNull(mode); return this; }

        public Builder crls(Mode mode) { crls = Objects.requireNonNull(mode); return this; }

        /** A CRL file (PEM, possibly several CRLs, or DER); repeatable. */
        public Builder crlFile(Path file) { crlFiles.add(Objects.requireNonNull(file)); return this; }

        public Builder crlScope(CrlScope scope) { crlScope = Objects.requireNonNull(scope); return this; }

        /** Accept a CRL past its nextUpdate, with a warning in the trace. Off by default: a stale CRL is an error. */
        public Builder acceptStaleCrls(boolean accept) { acceptStaleCrls = accept; return this; }

        public RevocationPolicy build() {
            return new RevocationPolicy(this);
        }
    }
}
