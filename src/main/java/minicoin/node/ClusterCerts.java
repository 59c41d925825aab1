package minicoin.node;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import minicoin.chain.OwnerOnly;
import minicoin.config.NodeConfig;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a cluster's certificates ({@code scripts/cluster-certs}): a CA of its own, then one key and
 * certificate per member, signed by it. Members accept on the event bus only peers whose certificate
 * this CA signed ({@code cluster.tls}); a member certificate, with the hosts it is reached at, also
 * serves HTTPS for RPC ({@code rpc.tls}, clients trusting {@code ca.pem}).
 *
 * <pre>
 * java -cp node.jar minicoin.node.ClusterCerts DIR ca
 *     DIR/ca.pem, DIR/ca.key
 * java -cp node.jar minicoin.node.ClusterCerts DIR member NAME [--host HOST]...
 *     DIR/NAME.pem, DIR/NAME.key, signed by DIR/ca.key
 * </pre>
 *
 * <p>Keys are P-256 (every TLS stack has it, and it is small and fast), written 0600 and never
 * overwritten: a file that exists is an error, so a CA is not replaced by accident. The CA's key is
 * needed only to issue; keep it off the members.
 */
public final class ClusterCerts {

    /** A cluster is set up once and lives long; renewing a CA means re-issuing every member. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Long enough not to surprise an operator within a release cycle; a stolen member key stops working after it. */
    static final Duration MEMBER_VALIDITY = Duration.ofDays(730);
    /** Clocks of members may differ: a certificate issued now is valid from a little earlier. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);
    /** RFC 5280's limit on serial numbers is 20 octets; 16 random bytes never collide. */
    static final int SERIAL_BYTES = 16;
    static final String CA_CERT = "ca.pem";
    static final String CA_KEY = "ca.key";
    /** A member name becomes two file names and a certificate's common name. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    /** The hosts of a member certificate when none is given: RPC on loopback. */
    static final List<String> DEFAULT_HOSTS = List.of("127.0.0.1", "localhost");

    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILURE = 1;

    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String USAGE = "usage: " + NodeConfig.CERTS_COMMAND + " DIR ca | "
            + NodeConfig.CERTS_COMMAND + " DIR member NAME [--host HOST]...";

    private final SecureRandom random = new SecureRandom();

    /** The files of one issued key and certificate. */
    record Issued(Path cert, Path key) {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        if (args.size() < 2 || !(args.get(1).equals("ca") || args.get(1).equals("member"))) {
            System.err.println(USAGE);
            return EXIT_USAGE;
        }
        Path dir = Path.of(args.get(0));
        try {
            if (args.get(1).equals("ca")) {
                if (args.size() != 2) {
                    System.err.println(USAGE);
                    return EXIT_USAGE;
                }
                Issued ca = new ClusterCerts().createCa(dir, Instant.now());
                System.out.println("Cluster CA: " + ca.cert() + " (give it to every member as cluster.tls.ca), key "
                        + ca.key() + " (keep it off the members; it issues members)");
                return 0;
            }
            if (args.size() < 3 || !NAME.matcher(args.get(2)).matches()) {
                System.err.println("a member NAME is lower-case letters, digits, '.' and '-'; " + USAGE);
                return EXIT_USAGE;
            }
            List<String> hosts = new ArrayList<>();
            for (int i = 3; i < args.size(); i++) {
                if (!args.get(i).equals("--host") || i + 1 >= args.size()) {
                    System.err.println(USAGE);
                    return EXIT_USAGE;
                }
                hosts.add(args.get(++i));
            }
            Issued member = new ClusterCerts().issueMember(dir, args.get(2), hosts.isEmpty() ? DEFAULT_HOSTS : hosts,
                    Instant.now());
            System.out.println("Member " + args.get(2) + ": \"tls\": {\"key\": \"" + member.key() + "\", \"cert\": \""
                    + member.cert() + "\", \"ca\": \"" + dir.resolve(CA_CERT) + "\"} in its cluster section (rpc.tls takes"
                    + " the same key and cert for HTTPS on " + String.join(", ", hosts.isEmpty() ? DEFAULT_HOSTS : hosts) + ")");
            return 0;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            System.err.println(NodeConfig.CERTS_COMMAND + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** Makes {@code dir} (0700) with a new CA's certificate and key in it. */
    Issued createCa(Path dir, Instant now) throws IOException, GeneralSecurityException {
        OwnerOnly.createDirectories(dir);
        Issued files = new Issued(dir.resolve(CA_CERT), dir.resolve(CA_KEY));
        refuseExisting(files);
        KeyPair pair = newKeyPair();
        // A random part in the name: two clusters' CAs are told apart in logs and errors.
        X500Name name = new X500Name("CN=minicoin cluster CA " + HexFormat.of().formatHex(randomBytes(4)));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the CA certificate: " + e.getMessage(), e);
        }
        X509Certificate cert = sign(builder, pair.getPrivate());
        write(files.key(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(files.cert(), pem("CERTIFICATE", cert.getEncoded()));
        return files;
    }

    /**
     * Issues a member's key and certificate, signed by the CA in {@code dir}, for TLS client and server
     * use, naming {@code hosts} (IP addresses or DNS names) for clients that check the host, as HTTPS
     * clients of RPC do. (Members do not check each other's host: the CA's signature is the membership.)
     */
    Issued issueMember(Path dir, String name, List<String> hosts, Instant now) throws IOException, GeneralSecurityException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad member name '" + name + "'");
        }
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        if (!Files.exists(caCert) || !Files.exists(caKey)) {
            throw new NoSuchFileException(caCert + " and " + caKey + " (make the CA first: "
                    + NodeConfig.CERTS_COMMAND + " " + dir + " ca)");
        }
        Issued files = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        refuseExisting(files);
        X509Certificate ca = TlsFiles.readCertificates(caCert).get(0);
        PrivateKey signer = TlsFiles.readPrivateKey(caKey);
        KeyPair pair = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(MEMBER_VALIDITY)),
                new X500Name("CN=" + name), pair.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the certificate of " + name + ": " + e.getMessage(), e);
        }
        X509Certificate cert = sign(builder, signer);
        write(files.key(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(files.cert(), pem("CERTIFICATE", cert.getEncoded()));
        return files;
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            boolean address = IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
            names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(CURVE), random);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE + ": " + e.getMessage(), e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(1, randomBytes(SERIAL_BYTES));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void refuseExisting(Issued files) throws FileAlreadyExistsException {
        for (Path file : List.of(files.cert(), files.key())) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file + " exists; it is never overwritten (remove it, or pick another"
                        + " DIR or NAME)");
            }
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Created 0600 (from the start: the key is never readable by others, even for a moment), never replacing a file. */
    private static void write(Path file, String text) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.fileAttributes(file))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
