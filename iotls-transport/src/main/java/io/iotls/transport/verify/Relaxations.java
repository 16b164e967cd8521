package io.iotls.transport.verify;

import java.util.ArrayList;
import java.util.List;

/** The rules a verification let pass because its profile relaxes them: none under STRICT, each one recorded under LEGACY_PKI. */
final class Relaxations {
    private final ValidationProfile profile;
    private final List<String> used = new ArrayList<>();

    Relaxations(ValidationProfile profile) {
        this.profile = profile;
    }

    /** True when the profile lets {@code problem} pass; it is then recorded for the trace. */
    boolean accept(CertificateProblem problem) {
        if (profile != ValidationProfile.LEGACY_PKI) return false;
        if (!used.contains(problem.getMessage())) used.add(problem.getMessage());
        return true;
    }

    List<String> used() {
        return List.copyOf(used);
    }

    int mark() {
        return used.size();
    }

    /** Forgets what was recorded after {@code mark}: a candidate path that was given up. */
    void resetTo(int mark) {
        while (used.size() > mark) used.remove(used.size() - 1);
    }
}
