package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RpcAuthLineTest {

    /** From Bitcoin Core's share/rpcauth/rpcauth.py's formula: hmac.new(salt, password, SHA256).hexdigest(). */
    private static final String CORE_LINE =
            "alice:cb77f0957de88ff388cf817ddbc7273$fc4a7cde450d37bc17d2bcd86cf61adf77448c02beeb5611dcb04577c7996b69";

    @Test
    void matchesTheLineCoresScriptWrites() {
        RpcAuthLine line = RpcAuthLine.parse(CORE_LINE);

        assertEquals("alice", line.user());
        assertTrue(line.matches("correct horse"));
        assertFalse(line.matches("correct horsE"));
        assertFalse(line.matches(""));
        assertEquals(CORE_LINE, line.toString());
    }

    @Test
    void aCreatedLineMatchesItsPasswordWithAFreshSalt() {
        SecureRandom random = new SecureRandom();
        RpcAuthLine first = RpcAuthLine.create("bob", "tr0ub4dor&3", random);
        RpcAuthLine second = RpcAuthLine.create("bob", "tr0ub4dor&3", random);

        assertTrue(first.matches("tr0ub4dor&3"));
        assertEquals(32, first.salt().length());
        assertNotEquals(first.hmacHex(), second.hmacHex());
        assertEquals(first, RpcAuthLine.parse(first.toString()));
    }

    @Test
    void refusesLinesThatAreNotRpcauth() {
        for (String bad : new String[] {"alice:password", "alice:salt$abc", ":salt$" + "0".repeat(64),
                "al ice:salt$" + "0".repeat(64), "alice:sa:lt$" + "0".repeat(64), "alice:salt$" + "g".repeat(64)}) {
            assertThrows(IllegalArgumentException.class, () -> RpcAuthLine.parse(bad), bad);
        }
    }

    @Test
    void theCommandReadsThePasswordFromStandardInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = RpcAuthLine.run(new String[] {"carol"},
                new ByteArrayInputStream("hunter2 hunter2\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        String line = printed.substring(printed.indexOf("[\"") + 2, printed.indexOf("\"]"));
        assertTrue(RpcAuthLine.parse(line).matches("hunter2 hunter2"));
        assertFalse(printed.contains("hunter2"));
    }

    @Test
    void theCommandRefusesAnEmptyPasswordOrNoUser() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(1, RpcAuthLine.run(new String[] {"carol"}, new ByteArrayInputStream(new byte[0]), quiet, quiet));
        assertEquals(2, RpcAuthLine.run(new String[0], new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)),
                quiet, quiet));
        assertEquals(2, RpcAuthLine.run(new String[] {"a:b"}, new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)),
                quiet, quiet));
    }
}
