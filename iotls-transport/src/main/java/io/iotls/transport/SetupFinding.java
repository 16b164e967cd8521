package io.iotls.transport;

import java.util.Objects;
import java.util.Optional;

/**
 * One check's verdict in a {@link SetupCheck}.
 * @param check a stable name (key-match, chain-order, chain, ca-file, validity, purpose, key-strength, signature,
 *              server-name, crl, revocation, psk, permissions, files)
 * @param fix what to do about it; empty when the status is OK
 */
public record SetupFinding(String check, Status status, String message, Optional<String> fix) {
    public enum Status {
        OK, WARNING, PROBLEM;

        /** Lower case, as printed and in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SetupFinding {
        Objects.requireNonNull(check);
        Objects.requireNonNull(status);
        Objects.requireNonNull(message);
        Objects.requireNonNull(fix);
    }

    public static SetupFinding ok(String check, String message) {
        return new SetupFinding(check, Status.OK, message, Optional.empty());
    }

    public static SetupFinding warning(String check, String message, String fix) {
        return new SetupFinding(check, Status.WARNING, message, Optional.ofNullable(fix));
    }

    public static SetupFinding problem(String check, String message, String fix) {
        return new SetupFinding(check, Status.PROBLEM, message, Optional.ofNullable(fix));
    }
}
