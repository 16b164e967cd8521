/**
 * Key and trust material from files and stores: PEM, PKCS#8/#12, trust anchors and CRLs ({@code PemMaterial},
 * {@code TrustMaterial}, {@code Identity}), a peer's certificates as the JDK's, and {@code iotls doctor}'s checks of a
 * set-up ({@code SetupDoctor}).
 */
package io.iotls.transport.internal.material;
