import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * Kills a child process that writes and commits in a loop, then reopens the store, over and over.
 * Each commit adds 2,000 random 36-byte keys, deletes 500 and records the count, as a chain
 * connecting blocks would. Usage: StorageCrash ENGINE KILLS DIR, ENGINE one of mapdb-raf,
 * mapdb-channel, mapdb-mmap (each with a B-tree and a hash map) or sqlite.
 */
public final class StorageCrash {

    public static void main(String[] args) throws Exception {
        String engine = args[0];
        if (args.length > 3 && args[3].equals("child")) {
            child(engine, new File(args[2]), args[4]);
            return;
        }
        int kills = Integer.parseInt(args[1]);
        File dir = new File(args[2]);
        dir.mkdirs();
        for (String kind : engine.equals("sqlite") ? new String[] {"table"} : new String[] {"tree", "hash"}) {
            File file = new File(dir, engine + "-" + kind + ".db");
            Random random = new Random();
            String verdict = "survived " + kills + " kills";
            for (int kill = 0; kill < kills; kill++) {
                Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                        StorageCrash.class.getName(), engine, "0", dir.getPath(), "child", kind)
                        .inheritIO().start();
                Thread.sleep(400 + random.nextInt(1200));
                child.destroyForcibly();
                child.waitFor();
                String problem = check(engine, file, kind);
                if (problem != null) {
                    verdict = "CORRUPT after kill " + (kill + 1) + ": " + problem;
                    break;
                }
            }
            System.out.println(engine + " " + kind + ": " + verdict);
        }
    }

    private static void child(String engine, File dir, String kind) throws Exception {
        File file = new File(dir, engine + "-" + kind + ".db");
        Random random = new Random();
        if (engine.equals("sqlite")) {
            try (Connection c = sqlite(file)) {
                PreparedStatement put = c.prepareStatement("INSERT OR REPLACE INTO m VALUES (?, ?)");
                PreparedStatement delete = c.prepareStatement("DELETE FROM m WHERE k IN (SELECT k FROM m LIMIT 500)");
                PreparedStatement count = c.prepareStatement("INSERT OR REPLACE INTO c VALUES ('size', (SELECT count(*) FROM m))");
                while (true) {
                    for (int i = 0; i < 2000; i++) {
                        byte[] key = new byte[36];
                        random.nextBytes(key);
                        put.setBytes(1, key);
                        put.setBytes(2, new byte[33]);
                        put.executeUpdate();
                    }
                    delete.executeUpdate();
                    count.executeUpdate();
                    c.commit();
                }
            }
        }
        DB db = mapdb(engine, file);
        Map<byte[], byte[]> map = mapdbMap(db, kind);
        Atomic.Long size = db.atomicLong("size").createOrOpen();
        while (true) {
            for (int i = 0; i < 2000; i++) {
                byte[] key = new byte[36];
                random.nextBytes(key);
                map.put(key, new byte[33]);
            }
            Iterator<byte[]> keys = map.keySet().iterator();
            for (int i = 0; i < 500 && keys.hasNext(); i++) {
                keys.next();
                keys.remove();
            }
            size.set(map.size());
            db.commit();
        }
    }

    /** Null when the store reopens with as many entries as its last commit recorded. */
    private static String check(String engine, File file, String kind) {
        try {
            if (engine.equals("sqlite")) {
                try (Connection c = sqlite(file); Statement s = c.createStatement()) {
                    long count = single(s, "SELECT count(*) FROM m");
                    long recorded = single(s, "SELECT coalesce((SELECT v FROM c WHERE k = 'size'), 0)");
                    try (ResultSet integrity = s.executeQuery("PRAGMA integrity_check")) {
                        integrity.next();
                        if (!integrity.getString(1).equals("ok")) {
                            return integrity.getString(1);
                        }
                    }
                    return count == recorded ? null : count + " entries but the last commit recorded " + recorded;
                }
            }
            DB db = mapdb(engine, file);
            try {
                long count = 0;
                for (Map.Entry<byte[], byte[]> ignored : mapdbMap(db, kind).entrySet()) {
                    count++;
                }
                long recorded = db.atomicLong("size").createOrOpen().get();
                return count == recorded ? null : count + " entries but the last commit recorded " + recorded;
            } finally {
                db.close();
            }
        } catch (Throwable t) {
            return t.toString();
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection sqlite(File file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.getPath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS m (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
            s.execute("CREATE TABLE IF NOT EXISTS c (k TEXT PRIMARY KEY, v INTEGER)");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static DB mapdb(String engine, File file) {
        DBMaker.Maker maker = DBMaker.fileDB(file).transactionEnable();
        if (engine.equals("mapdb-mmap")) {
            maker = maker.fileMmapEnableIfSupported();
        } else if (engine.equals("mapdb-channel")) {
            maker = maker.fileChannelEnable();
        }
        return maker.make();
    }

    private static Map<byte[], byte[]> mapdbMap(DB db, String kind) {
        return kind.equals("tree")
                ? db.treeMap("m", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen()
                : db.hashMap("m", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
    }
}
