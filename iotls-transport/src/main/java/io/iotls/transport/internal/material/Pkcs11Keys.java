package io.iotls.transport.internal.material;

import io.iotls.transport.CertificateSource;
import io.iotls.transport.FailureReason;
import io.iotls.transport.verify.CertificateProblem;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A key that stays in a PKCS#11 token, through the JDK's SunPKCS11: a provider is configured for the module (and the
 * slot, when the URI names one; else each slot with a token in turn until one holds the object), the token is opened
 * with the PIN, and the key is used by reference: every signature is made inside the token.
 */
final class Pkcs11Keys {
    private static final int MAX_SLOTS = 16;

    private Pkcs11Keys() {}

    static Identity load(CertificateSource source) throws CertificateProblem {
        CertificateSource.Pkcs11 token = source.pkcs11().orElseThrow();
        Provider sunPkcs11 = Security.getProvider("SunPKCS11");
        if (sunPkcs11 == null) {
            throw problem(FailureReason.INVALID_CONFIGURATION, "this JDK has no SunPKCS11 provider, so PKCS#11 tokens cannot be used",
                    "run iotls on a JDK with the jdk.crypto.cryptoki module");
        }
        if (!java.nio.file.Files.isReadable(token.module())) {
            throw problem(FailureReason.INVALID_CONFIGURATION, "the PKCS#11 module " + token.module() + " does not exist or cannot be read",
                    "give module-path= the token's library (softhsm2: /usr/lib/softhsm/libsofthsm2.so)");
        }
        char[] pin = source.password().map(p -> p.chars()).orElse(new char[0]);
        List<String> seen = new ArrayList<>();
        try {
            int from = 0;
            int to = token.slotId() != null ? 1 : MAX_SLOTS;
            for (int i = from; i < to; i++) {
                String slot = token.slotId() != null ? "slot=" + token.slotId() : "slotListIndex=" + i;
                Provider provider;
                String name = "iotls-" + Integer.toHexString(token.module().hashCode()) + "-" + slot.replace('=', '-');
                try { // one provider per module and slot for the JVM: keys of another instance would not sign with this one
                    Provider installed = Security.getProvider("SunPKCS11-" + name);
                    provider = installed != null ? installed
                            : sunPkcs11.configure("--name=" + name + "\nlibrary=" + token.module() + "\n" + slot + "\n");
                } catch (RuntimeException noSuchSlot) { // SunPKCS11: the index is past the last slot with a token
                    if (seen.isEmpty()) seen.add(slot + ": " + noSuchSlot.getMessage());
                    break;
                }
                KeyStore store = KeyStore.getInstance("PKCS11", provider);
                try {
                    store.load(null, pin);
                } catch (java.io.IOException e) {
                    boolean wrongPin = false; // SunPKCS11: "load failed" caused by a LoginException (CKR_PIN_INCORRECT)
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof javax.security.auth.login.LoginException || String.valueOf(t.getMessage()).contains("CKR_PIN")) {
                            wrongPin = true;
                        }
                    }
                    seen.add(slot + ": " + (wrongPin ? "the PIN does not open this token" : e.getMessage()));
                    if (wrongPin && (token.slotId() != null || to == 1)) {
                        throw problem(FailureReason.BAD_KEY_PASSWORD, "the PIN does not open the PKCS#11 token (" + source.describe() + ")",
                                "check the PIN (pin-value, pin-source or IOTLS_PKCS11_PIN)");
                    }
                    continue;
                }
                if (store.isKeyEntry(token.objectLabel())) {
                    // installed, so the JCA finds it for this key's signatures (delayed provider selection)
                    if (Security.getProvider(provider.getName()) == null) Security.addProvider(provider);
                    PrivateKey key = (PrivateKey) store.getKey(token.objectLabel(), null);
                    Certificate[] chain = store.getCertificateChain(token.objectLabel());
                    if (chain == null || chain.length == 0) {
                        throw problem(FailureReason.INVALID_CONFIGURATION, "the token holds the key '" + token.objectLabel()
                                + "' but no certificate with the same id and label", "store the device certificate in the token beside its key");
                    }
                    return new Identity(Arrays.stream(chain).map(c -> (X509Certificate) c).toList(), key);
                }
                seen.add(slot + ": objects " + Collections.list(store.aliases()));
            }
        } catch (CertificateProblem p) {
            throw p;
        } catch (Exception e) {
            throw problem(FailureReason.INVALID_CONFIGURATION, "the PKCS#11 token cannot be used (" + source.describe() + "): "
                    + e.getMessage(), null);
        } finally {
            Arrays.fill(pin, '\0');
        }
        boolean wrongPinEverywhere = seen.stream().anyMatch(s -> s.contains("the PIN does not open")); // and no token held the key
        throw problem(wrongPinEverywhere ? FailureReason.BAD_KEY_PASSWORD : FailureReason.INVALID_CONFIGURATION,
                "no PKCS#11 token of " + token.module() + " holds a key '" + token.objectLabel() + "': " + String.join("; ", seen),
                wrongPinEverywhere ? "check the PIN (pin-value, pin-source or IOTLS_PKCS11_PIN)" : "check object= (the key's label) and the token");
    }

    private static CertificateProblem problem(FailureReason reason, String what, String hint) {
        return new CertificateProblem(reason, what, hint, null);
    }
}
