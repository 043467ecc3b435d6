package partnernet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Test-only Neo4j Community server: Bolt on 127.0.0.1, authentication on.
 *
 * <pre>
 * NEO4J_PASSWORD=secret123 java -Xmx1g -jar neo4j-test-server.jar HOME_DIR PORT [setting=value ...]
 * </pre>
 *
 * PORT 0 picks a free port. Extra {@code setting=value} arguments are Neo4j settings
 * (e.g. {@code db.transaction.timeout=30s}); they override the defaults below.
 * Prints {@code NEO4J_READY bolt://127.0.0.1:PORT} once Bolt accepts the password, then
 * runs until stdin reaches EOF (parent gone) or the JVM gets SIGTERM/SIGINT.
 */
public final class Neo4jServer {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            fail("usage: java -jar neo4j-test-server.jar HOME_DIR PORT [setting=value ...]");
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("environment variable NEO4J_PASSWORD must be set (at least 8 characters)");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home);

        // Extra settings go through a properties file: the builder has no raw-string setter.
        StringBuilder extra = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            if (!args[i].contains("=")) fail("expected setting=value, got: " + args[i]);
            extra.append(args[i]).append('\n');
        }
        Path extraConf = home.resolve("extra-settings.conf");
        Files.writeString(extraConf, extra);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .loadPropertiesFromFile(extraConf)
                .build();

        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        // The system database is reachable in-process without credentials: set the
        // password of the built-in user (initially 'neo4j' + change required).
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password),
                    result -> null, Duration.ofMinutes(5)); // not cut short by db.transaction.timeout
        } catch (RuntimeException e) {
            // Re-used HOME_DIR whose password is already this one: that is fine.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                stop.run();
                throw e;
            }
        }

        var resolver = ((GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME))
                .getDependencyResolver();
        int boltPort = resolver.resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + boltPort);
        System.out.flush();

        waitForEof(System.in);
        System.exit(0); // runs the shutdown hook
    }

    private static void waitForEof(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // ignore input; only EOF matters
            }
        } catch (IOException e) {
            // a broken stdin also means the parent is gone
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
