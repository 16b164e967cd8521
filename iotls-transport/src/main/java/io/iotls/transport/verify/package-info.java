/**
 * Certificate verification, public and usable offline: {@link io.iotls.transport.verify.CertificateVerifier} builds a
 * path from a peer's leaf to a trust anchor (trying alternatives), applies the RFC 5280 and CA/Browser Forum rules of
 * docs/validation.md under a {@link io.iotls.transport.verify.ValidationProfile}, checks CRLs and the expected name,
 * and says which rule a refused chain broke ({@link io.iotls.transport.verify.CertificateProblem}).
 */
package io.iotls.transport.verify;
