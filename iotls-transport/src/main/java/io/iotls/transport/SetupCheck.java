package io.iotls.transport;

import io.iotls.transport.SetupFinding.Status;
import io.iotls.transport.internal.material.SetupDoctor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a device's (or a broker's) TLS files before anything connects and says what to fix: the key belongs to the
 * certificate; the certificate file lists its chain in order; the CA file holds the issuer; dates, with a warning a
 * month ahead; the extended key usage fits the role; key and signature strength; the broker's name in its certificate;
 * CRLs signed, fresh, and whether they revoke the certificate; the PSK's form and length; who may read the key.
 *
 * <pre>{@code
 * List<SetupFinding> findings = SetupCheck.forDevice()
 *         .caFile(Path.of("ca.crt")).certificate(Path.of("dev.crt"), Path.of("dev.key"), null)
 *         .build().run();
 * }</pre>
 *
 * Secrets (key password, PSK) are used for the checks and appear in no finding.
 */
public final class SetupCheck {
    private final SetupDoctor.Inputs inputs;

    private SetupCheck(Builder b) {
        this.inputs = new SetupDoctor.Inputs(b.role, Optional.ofNullable(b.caFile), Optional.ofNullable(b.certificate), b.crlFiles,
                Optional.ofNullable(b.pskIdentity), Optional.ofNullable(b.pskHex), Optional.ofNullable(b.serverName),
                Optional.ofNullable(b.brokerUser), b.clock);
    }

    /** A device's files: its certificate must allow clientAuth; the CA file verifies the broker. */
    public static Builder forDevice() {
        return new Builder(SetupRole.DEVICE);
    }

    /** A broker's files: its certificate must allow serverAuth and carry the name devices use. */
    public static Builder forBroker() {
        return new Builder(SetupRole.BROKER);
    }

    /** Runs every check that its files were given for, in a fixed order; never throws for a bad file. */
    public List<SetupFinding> run() {
        return new SetupDoctor(inputs).run();
    }

    /** True when no finding is a problem (warnings allowed). */
    public static boolean allWell(List<SetupFinding> findings) {
        return findings.stream().noneMatch(f -> f.status() == Status.PROBLEM);
    }

    public SetupRole role() {
        return inputs.role();
    }

    @Override
    public String toString() {
        return "SetupCheck[" + inputs + "]";
    }

    public static final class Builder {
        private final SetupRole role;
        private Path caFile;
        private CertificateSource certificate;
        private final List<Path> crlFiles = new ArrayList<>();
        private String pskIdentity;
        private String pskHex;
        private String serverName;
        private String brokerUser;
        private Clock clock = Clock.systemUTC();

        private Builder(SetupRole role) {
            this.role = role;
        }

        public Builder caFile(Path file) {
            this.caFile = Objects.requireNonNull(file);
            return this;
        }

        /** PEM certificate (leaf first, then intermediates) and its key; {@code password} may be null. */
        public Builder certificate(Path certificateFile, Path keyFile, Password password) {
            this.certificate = CertificateSource.pem(certificateFile, keyFile, password);
            return this;
        }

        /** A PKCS#12 file with key and chain. */
        public Builder pkcs12(Path file, Password password) {
            this.certificate = CertificateSource.pkcs12(file, password);
            return this;
        }

        public Builder crlFile(Path file) {
            crlFiles.add(Objects.requireNonNull(file));
            return this;
        }

        /** The PSK as given to the CLI or mosquitto's psk_file: hex; checked, never printed. */
        public Builder psk(String identity, String hexKey) {
            this.pskIdentity = identity;
            this.pskHex = hexKey;
            return this;
        }

        /** The name devices connect to (a broker's certificate must carry it in its subjectAltName). */
        public Builder serverName(String name) {
            this.serverName = Objects.requireNonNull(name);
            return this;
        }

        /**
         * The user the broker reads its files as (Debian's mosquitto drops to {@code mosquitto}): each file must be
         * readable by it. Checked only where this machine knows the user.
         */
        public Builder brokerUser(String user) {
            this.brokerUser = Objects.requireNonNull(user);
            return this;
        }

        /** The time the dates are checked at (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SetupCheck build() {
            return new SetupCheck(this);
        }
    }
}
