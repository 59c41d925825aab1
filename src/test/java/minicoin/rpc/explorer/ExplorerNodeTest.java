package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's HTTP side on a real node, spoken to with raw HTTP/1.1 so the Host header is ours to choose. */
class ExplorerNodeTest {

    @TempDir
    Path dir;
    private LocalNode node;
    private String genesisAddress;

    @BeforeEach
    void start() throws Exception {
        node = LocalNode.start("explorer", dir, "regtest", new JsonObject().put("rpc", new JsonObject()
                .put("host", "127.0.0.1").put("port", LocalNode.freeTcpPort()).put("token", LocalNode.TOKEN)
                .put("allowedHosts", new JsonArray().add("node.lan"))));
        genesisAddress = ((JsonObject) node.rpc("creategenesis")).getString("address");
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    /** A page that a DNS-rebinding site loads reaches 127.0.0.1 under the site's own name: refused. */
    @Test
    void aForeignHostNameIsRefusedOnEveryPage() throws Exception {
        for (String path : new String[] {"/", "/api/home", "/api/address/" + genesisAddress, "/events", "/metrics",
            "/health", "/ready", "/assets/explorer.js"}) {
            Reply refused = get(path, "evil.example:" + node.rpcPort());
            assertEquals(403, refused.status, path);
            assertFalse(refused.body.contains(genesisAddress), path);
        }
        assertEquals(200, get("/api/home", "localhost:" + node.rpcPort()).status);
        assertEquals(200, get("/api/home", "node.lan:" + node.rpcPort()).status);
    }

    @Test
    void theApiAnswersWithTheChainsFacts() throws Exception {
        Reply home = get("/api/home", "127.0.0.1:" + node.rpcPort());
        assertEquals(200, home.status);
        assertTrue(home.headers.contains("content-security-policy: default-src 'self'"), home.headers);
        assertTrue(home.headers.contains("x-content-type-options: nosniff"), home.headers);
        assertEquals(0L, new JsonObject(home.body).getLong("height"));

        JsonObject address = new JsonObject(get("/api/address/" + genesisAddress, "localhost").body);
        assertEquals(1000L, address.getLong("confirmed"));

        JsonObject found = new JsonObject(get("/api/search?q=0", "localhost").body);
        assertEquals(new JsonObject().put("page", "block").put("id", "0"), found);
        String coinbase = new JsonObject(get("/api/block/0", "localhost").body).getJsonArray("transactions")
                .getJsonObject(0).getString("txid");
        JsonObject tx = new JsonObject(get("/api/search?q=" + coinbase, "localhost").body);
        assertEquals("tx", tx.getString("page"));

        assertEquals(400, get("/api/search?q=%3Cscript%3E", "localhost").status);
        assertEquals(400, get("/api/block/nothex", "localhost").status);
        assertEquals(404, get("/api/block/999", "localhost").status);
        assertEquals(404, get("/api/tx/" + "ab".repeat(32), "localhost").status);
    }

    @Test
    void theLiveFeedPushesNewBlocksAndTransactions() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.rpcPort())) {
            socket.setSoTimeout(5_000);
            send(socket, "/events", "localhost");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
            // The headers, then the stream's first field: the feed is open.
            while (!in.readLine().startsWith("retry:")) {
                continue;
            }
            String hash = ((JsonArray) node.rpc("generate", 1)).getString(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline && !seen.toString().contains(hash)) {
                seen.append(in.readLine()).append('\n');
            }
            assertTrue(seen.toString().contains("event: block"), seen::toString);
            assertTrue(seen.toString().contains("\"height\":1"), seen::toString);

            String to = (String) node.rpc("getnewaddress");
            String txid = ((JsonObject) node.rpc("send", genesisAddress, to, 10)).getString("txid");
            seen.setLength(0);
            deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && !seen.toString().contains(txid)) {
                seen.append(in.readLine()).append('\n');
            }
            assertTrue(seen.toString().contains("event: tx\ndata: {\"txid\":\"" + txid + "\""), seen::toString);
        }
    }

    @Test
    void theExplorerMovesNoCoinsWithoutTheToken() throws Exception {
        // The RPC itself is unchanged: a call without the token is refused, the explorer's pages only read.
        Reply refused = post("/", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"send\",\"params\":[]}");
        assertEquals(401, refused.status);
        for (String path : new String[] {"/api/send", "/api/wallet", "/api/rpc"}) {
            assertEquals(404, get(path, "localhost").status, path);
        }
    }

    private record Reply(int status, String headers, String body) {
    }

    private Reply get(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.rpcPort())) {
            socket.setSoTimeout(10_000);
            send(socket, path, host);
            return read(socket);
        }
    }

    private Reply post(String path, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.rpcPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return read(socket);
        }
    }

    private static void send(Socket socket, String path, String host) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\n" + "Host: " + host + "\r\n"
                + "Connection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static Reply read(Socket socket) throws IOException {
        String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int split = all.indexOf("\r\n\r\n");
        String head = all.substring(0, split);
        String body = all.substring(split + 4);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        return new Reply(status, head.toLowerCase(), body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
