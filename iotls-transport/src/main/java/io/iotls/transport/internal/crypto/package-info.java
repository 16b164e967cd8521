/**
 * Cryptography under Bouncy Castle's TLS: the JCA crypto it runs on ({@code Crypto}), iotls' own AEAD record
 * protection, X25519, Ed25519 and RSA-PSS through the JDK, the lazy Bouncy Castle provider, and the TLS 1.3
 * resumption key schedule pieces Bouncy Castle's client lacks ({@code Tls13Resumption}). Depends on nothing else here.
 */
package io.iotls.transport.internal.crypto;
