package io.iotls.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the independent TLS peers (openssl, mosquitto). A missing peer skips the test with the reason, or fails
 * it when {@code -Dinterop.required=true} (as CI runs), so interop tests can never silently not run.
 */
public final class Peers {
    private Peers() {}

    /** The executable's path, or the test is skipped/failed with a clear reason. */
    public static Path require(String executable) {
        Optional<Path> found = find(executable);
        if (found.isEmpty()) {
            String why = executable + " was not found on PATH or in /usr/sbin; this interop test needs it "
                    + "(install it: apt-get install -y " + packageOf(executable)
                    + ", or run .ci/run)";
            if (Boolean.getBoolean("interop.required")) Assertions.fail(why + " [interop.required=true]");
            Assumptions.abort("SKIPPED: " + why);
        }
        return found.get();
    }

    /**
     * A library or other file a test needs from a Debian package (e.g. p11-kit's proxy module), or the test is
     * skipped/failed as for a missing executable.
     */
    public static Path requireFile(Optional<Path> found, String what, String debianPackage) {
        if (found.isEmpty()) {
            String why = what + " was not found; this interop test needs it (install it: apt-get install -y " + debianPackage
                    + ", or run .ci/run)";
            if (Boolean.getBoolean("interop.required")) Assertions.fail(why + " [interop.required=true]");
            Assumptions.abort("SKIPPED: " + why);
        }
        return found.get();
    }

    private static String packageOf(String executable) {
        return switch (executable) {
            case "openssl" -> "openssl";
            case "mosquitto_pub", "mosquitto_sub" -> "mosquitto-clients";
            case "chromium", "tinyproxy", "microsocks" -> executable;
            case "softhsm2-util" -> "softhsm2";
            default -> "mosquitto";
        };
    }

    public static Optional<Path> find(String executable) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
