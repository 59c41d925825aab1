package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import minicoin.chain.OwnerOnly;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates of a TLS cluster: made by scripts/cluster-certs, checked by the node before it starts. */
class ClusterCertsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ClusterCerts certs = new ClusterCerts();

    @Test
    void aMemberCertificateIsSignedByTheClusterCaAndNamesItsHosts() throws Exception {
        Path cluster = dir.resolve("certs");
        certs.createCa(cluster, NOW);

        ClusterCerts.Issued member = certs.issueMember(cluster, "node-a", List.of("10.0.0.1", "node-a.example"), NOW);

        X509Certificate ca = TlsFiles.readCertificates(cluster.resolve("ca.pem")).get(0);
        X509Certificate cert = TlsFiles.readCertificates(member.cert()).get(0);
        assertDoesNotThrow(() -> cert.verify(ca.getPublicKey()));
        assertEquals(-1, cert.getBasicConstraints(), "a member cannot issue certificates");
        assertTrue(ca.getBasicConstraints() >= 0, "the CA can");
        assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
                "server and client authentication: a member both accepts and dials");
        assertEquals(List.of(List.of(7, "10.0.0.1"), List.of(2, "node-a.example")),
                cert.getSubjectAlternativeNames().stream().toList());
        assertEquals(NOW.plus(ClusterCerts.MEMBER_VALIDITY), cert.getNotAfter().toInstant());
        assertDoesNotThrow(() -> TlsFiles.checkCluster(tls(member, cluster.resolve("ca.pem")), NOW));
    }

    @Test
    void keysAreWrittenOwnerOnly() throws Exception {
        Path cluster = dir.resolve("certs");
        ClusterCerts.Issued ca = certs.createCa(cluster, NOW);
        ClusterCerts.Issued member = certs.issueMember(cluster, "a", ClusterCerts.DEFAULT_HOSTS, NOW);

        for (Path file : List.of(ca.key(), ca.cert(), member.key(), member.cert())) {
            assertEquals(OwnerOnly.FILE, Files.getPosixFilePermissions(file), file.toString());
        }
        assertEquals(OwnerOnly.DIRECTORY, Files.getPosixFilePermissions(cluster));
    }

    @Test
    void nothingIsOverwritten() throws Exception {
        Path cluster = dir.resolve("certs");
        certs.createCa(cluster, NOW);
        certs.issueMember(cluster, "a", ClusterCerts.DEFAULT_HOSTS, NOW);
        String caBefore = Files.readString(cluster.resolve("ca.pem"));

        assertThrows(FileAlreadyExistsException.class, () -> certs.createCa(cluster, NOW));
        assertThrows(FileAlreadyExistsException.class, () -> certs.issueMember(cluster, "a", List.of(), NOW));
        assertEquals(caBefore, Files.readString(cluster.resolve("ca.pem")));
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAtStart() throws Exception {
        Path ours = dir.resolve("ours");
        Path theirs = dir.resolve("theirs");
        certs.createCa(ours, NOW);
        certs.createCa(theirs, NOW);
        ClusterCerts.Issued stranger = certs.issueMember(theirs, "stranger", ClusterCerts.DEFAULT_HOSTS, NOW);

        ConfigException e = assertThrows(ConfigException.class,
                () -> TlsFiles.checkCluster(tls(stranger, ours.resolve("ca.pem")), NOW));

        assertEquals("/cluster/tls/cert", e.path());
        assertTrue(e.reason().contains("is not signed by the CA in " + ours.resolve("ca.pem")), e.getMessage());
    }

    @Test
    void aKeyOthersCanReadIsRefusedAtStart() throws Exception {
        Path cluster = dir.resolve("certs");
        certs.createCa(cluster, NOW);
        ClusterCerts.Issued member = certs.issueMember(cluster, "a", ClusterCerts.DEFAULT_HOSTS, NOW);
        Files.setPosixFilePermissions(member.key(), PosixFilePermissions.fromString("rw-r--r--"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> TlsFiles.checkCluster(tls(member, cluster.resolve("ca.pem")), NOW));

        assertEquals("/cluster/tls/key", e.path());
        assertTrue(e.reason().contains("chmod 600 " + member.key()), e.getMessage());
    }

    @Test
    void missingExpiredAndMismatchedFilesAreNamed() throws Exception {
        Path cluster = dir.resolve("certs");
        certs.createCa(cluster, NOW);
        ClusterCerts.Issued a = certs.issueMember(cluster, "a", ClusterCerts.DEFAULT_HOSTS, NOW);
        ClusterCerts.Issued b = certs.issueMember(cluster, "b", ClusterCerts.DEFAULT_HOSTS, NOW);
        Path ca = cluster.resolve("ca.pem");

        ConfigException missing = assertThrows(ConfigException.class, () -> TlsFiles.checkCluster(
                new NodeConfig.ClusterTls(dir.resolve("none.key"), a.cert(), ca), NOW));
        assertEquals("/cluster/tls/key", missing.path());
        assertTrue(missing.reason().contains("scripts/cluster-certs"), missing.getMessage());

        ConfigException expired = assertThrows(ConfigException.class,
                () -> TlsFiles.checkCluster(tls(a, ca), NOW.plus(ClusterCerts.MEMBER_VALIDITY).plus(Duration.ofDays(1))));
        assertEquals("/cluster/tls/cert", expired.path());
        assertTrue(expired.reason().contains("not now"), expired.getMessage());

        ConfigException mismatched = assertThrows(ConfigException.class,
                () -> TlsFiles.checkCluster(new NodeConfig.ClusterTls(a.key(), b.cert(), ca), NOW));
        assertTrue(mismatched.reason().contains("is not the certificate of the key"), mismatched.getMessage());

        ConfigException rpc = assertThrows(ConfigException.class,
                () -> TlsFiles.checkServer(new NodeConfig.KeyCert(a.key(), dir.resolve("none.pem")), NOW));
        assertEquals("/rpc/tls/cert", rpc.path());
    }

    private static NodeConfig.ClusterTls tls(ClusterCerts.Issued member, Path ca) {
        return new NodeConfig.ClusterTls(member.key(), member.cert(), ca);
    }
}
