package io.iotls.transport.verify;

import java.security.cert.X509CRL;

/** A CRL and the file it came from, so messages can name it. */
public record NamedCrl(X509CRL crl, String source) {
    public String describe() {
        return "CRL of " + crl.getIssuerX500Principal().getName() + " from " + source;
    }
}
