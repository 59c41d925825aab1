package minicoin.node;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import minicoin.chain.OwnerOnly;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;

/**
 * Reads and checks the PEM files that {@code cluster.tls} and {@code rpc.tls} name, before the node
 * starts, so that a wrong file is one clear line rather than a TLS handshake failing later on every
 * connection: each file exists and parses, the key is its owner's alone, the certificate is valid
 * now and belongs to the key, and a member's certificate is signed by the cluster CA.
 */
final class TlsFiles {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final String HOW_TO_MAKE = " (" + NodeConfig.CERTS_COMMAND + " DIR ca, then "
            + NodeConfig.CERTS_COMMAND + " DIR member NAME, makes them)";

    private TlsFiles() {
    }

    /** Checks a member's key, certificate and CA; throws naming the first file that is wrong and why. */
    static void checkCluster(NodeConfig.ClusterTls tls, Instant now) {
        X509Certificate ca = certificates(tls.ca(), "/cluster/tls/ca").get(0);
        X509Certificate cert = checkKeyCert(tls.key(), tls.cert(), "/cluster/tls", now);
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("/cluster/tls/cert", tls.cert() + " (" + cert.getSubjectX500Principal().getName()
                    + ", issued by " + cert.getIssuerX500Principal().getName() + ") is not signed by the CA in "
                    + tls.ca() + " (" + ca.getSubjectX500Principal().getName() + "): issue it with "
                    + NodeConfig.CERTS_COMMAND + " from that CA's directory");
        }
        buildNettyContexts(tls);
    }

    /**
     * Builds the TLS contexts the event bus will build, once, here: Netty must accept the files too,
     * and its TLS classes are then loaded and initialised before Vert.x starts. Vert.x builds its
     * contexts lazily on an event loop, at the first connection; on a loaded 2-core host that first
     * build blocked the loops of every starting member for seconds, and their first handshakes hit
     * the handshake timeout (ClusterTest, before this warm-up).
     */
    private static void buildNettyContexts(NodeConfig.ClusterTls tls) {
        try {
            SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile()).trustManager(tls.ca().toFile())
                    .clientAuth(ClientAuth.REQUIRE).build();
            SslContextBuilder.forClient().keyManager(tls.cert().toFile(), tls.key().toFile())
                    .trustManager(tls.ca().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("/cluster/tls", "the TLS library cannot use " + tls.key() + ", " + tls.cert()
                    + " and " + tls.ca() + ": " + e.getMessage());
        }
    }

    /** Checks an HTTPS server's key and certificate. */
    static void checkServer(NodeConfig.KeyCert tls, Instant now) {
        checkKeyCert(tls.key(), tls.cert(), "/rpc/tls", now);
    }

    private static X509Certificate checkKeyCert(Path keyFile, Path certFile, String path, Instant now) {
        PrivateKey key;
        try {
            requireOwnerOnly(keyFile);
            key = readPrivateKey(keyFile);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + "/key", "no such file " + keyFile + HOW_TO_MAKE);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(path + "/key", "cannot read the private key " + keyFile + ": " + e.getMessage());
        }
        X509Certificate cert = certificates(certFile, path + "/cert").get(0);
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new ConfigException(path + "/cert", certFile + " is valid from " + cert.getNotBefore().toInstant()
                    + " to " + cert.getNotAfter().toInstant() + ", not now: issue a new one" + HOW_TO_MAKE);
        }
        if (!belongTogether(key, cert)) {
            throw new ConfigException(path + "/cert", certFile + " is not the certificate of the key " + keyFile);
        }
        return cert;
    }

    private static List<X509Certificate> certificates(Path file, String path) {
        try {
            return readCertificates(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path, "no such file " + file + HOW_TO_MAKE);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(path, "cannot read certificates from " + file + ": " + e.getMessage());
        }
    }

    /**
     * A key that other users can read lets any of them join the cluster as a member (or pose as the RPC
     * server): refused as ssh refuses such a key. Where the file system has no POSIX modes, nothing to check.
     */
    private static void requireOwnerOnly(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            throw new NoSuchFileException(keyFile.toString());
        }
        if (!OwnerOnly.supported(keyFile)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS);
        mode.retainAll(OTHERS);
        if (!mode.isEmpty()) {
            throw new IOException("other users can read or change it; make it its owner's alone: chmod 600 " + keyFile);
        }
    }

    /** Signs a random challenge with the key and checks it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Every certificate of a PEM file, the first being the leaf; at least one. */
    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            return certificates;
        }
    }

    /** A PKCS#8 private key ({@code BEGIN PRIVATE KEY}), EC or RSA. */
    static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher pem = PRIVATE_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new GeneralSecurityException("no PKCS#8 key (-----BEGIN PRIVATE KEY-----) in it");
        }
        PKCS8EncodedKeySpec spec;
        try {
            spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("bad base64 in it", e);
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (InvalidKeySpecException notEc) {
            try {
                return KeyFactory.getInstance("RSA").generatePrivate(spec);
            } catch (InvalidKeySpecException notRsa) {
                throw new GeneralSecurityException("neither an EC nor an RSA key");
            }
        }
    }
}
