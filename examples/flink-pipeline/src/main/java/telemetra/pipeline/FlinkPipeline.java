package telemetra.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Runs the SQL job in sql/ on a local MiniCluster in this JVM: the telemetra.events.* topics in,
 * per-minute windows per channel out, into a PostgreSQL table, and the records it leaves out into
 * a dead-letter table (both created when missing).
 *
 * <pre>
 * java -cp 'lib/*' telemetra.pipeline.FlinkPipeline --jdbc-url jdbc:postgresql://host:5432/db?user=u
 *     [--bootstrap-server host:9092] [--table telemetra_windows] [--topic-prefix telemetra.events.]
 *     [--variant correct|integer-viewer-avg] [--watermark 5s] [--dedup id|none]
 *     [--dead-letter-table telemetra_dead_letters] [--parallelism 1]
 * </pre>
 *
 * Exit 0 when the job finished, 1 when it failed (Kafka unreachable within 15 s included), 2 on
 * bad arguments; one line on stderr then.
 */
public final class FlinkPipeline {
  /** The job's variants: the right one, and deliberately wrong ones (sql/variants/NAME.sql). */
  static final List<String> VARIANTS = List.of("correct", "integer-viewer-avg");

  /** Deduplication: by event id (sql/dedup/id.sql), or none (sql/dedup/none.sql). */
  static final List<String> DEDUP = List.of("id", "none");

  /** --watermark: whole seconds, `40`, `40s` or `2m`. */
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,5})(s|m)?");

  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)\\}");

  private FlinkPipeline() {}

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(usage());
      System.exit(0);
    }
    Map<String, String> options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    try {
      reachKafka(options.get("bootstrap-server"));
    } catch (Exception e) {
      System.err.println("error: cannot reach Kafka at " + options.get("bootstrap-server")
          + " within " + KAFKA_WAIT_SECONDS + " s: " + oneLine(rootCause(e)));
      System.exit(1);
    }
    try {
      createTable(options);
    } catch (IOException | SQLException e) {
      System.err.println("error: could not create the tables in PostgreSQL: " + oneLine(e));
      System.exit(1);
    }
    try {
      run(options);
    } catch (Exception e) {
      System.err.println("error: the Flink job failed: " + oneLine(rootCause(e)));
      System.exit(1);
    }
    long rows;
    long deadLetters;
    try {
      rows = countRows(options, options.get("table"));
      deadLetters = countRows(options, options.get("dead-letter-table"));
    } catch (SQLException e) {
      System.err.println("error: could not count the rows in PostgreSQL: " + oneLine(e));
      System.exit(1);
      return;
    }
    System.out.printf(
        "done in %.1f s (variant %s, watermark %d s, dedup %s): %s holds %d windows; %s holds %d"
            + " records%n",
        (System.nanoTime() - started) / 1e9, options.get("variant"), watermarkSeconds(options),
        options.get("dedup"), options.get("table"), rows, options.get("dead-letter-table"),
        deadLetters);
    if (rows == 0) {
      System.err.println("warning: no windows: the topics were empty (records older than the"
          + " topics' retention.ms are deleted at once; create them with retention.ms=-1)");
    }
    System.exit(0);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("bootstrap-server", "localhost:9092");
    options.put("jdbc-url", null);
    options.put("table", "telemetra_windows");
    options.put("topic-prefix", "telemetra.events.");
    options.put("variant", "correct");
    options.put("watermark", "5s");
    options.put("dedup", "id");
    options.put("dead-letter-table", "telemetra_dead_letters");
    options.put("parallelism", "1");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : "";
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!options.containsKey(name)) {
        throw new IllegalArgumentException("unknown argument " + arg + "; " + usage());
      }
      if (value == null) {
        if (i + 1 >= args.length) throw new IllegalArgumentException(arg + " needs a value");
        value = args[++i];
      }
      options.put(name, value);
    }
    if (options.get("jdbc-url") == null || !options.get("jdbc-url").startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--jdbc-url jdbc:postgresql://HOST:PORT/DB?user=USER is required");
    }
    for (String table : List.of("table", "dead-letter-table")) {
      if (!TABLE_NAME.matcher(options.get(table)).matches()) {
        throw new IllegalArgumentException(
            "--" + table + " must be a plain name or schema.name, got \"" + options.get(table)
                + "\"");
      }
    }
    if (options.get("table").equalsIgnoreCase(options.get("dead-letter-table"))) {
      throw new IllegalArgumentException("--table and --dead-letter-table must differ");
    }
    if (!DURATION.matcher(options.get("watermark")).matches()) {
      throw new IllegalArgumentException(
          "--watermark must be whole seconds like 5s, 40s or 2m, got \""
              + options.get("watermark") + "\"");
    }
    if (!DEDUP.contains(options.get("dedup"))) {
      throw new IllegalArgumentException(
          "--dedup must be one of " + String.join(", ", DEDUP) + ", got \""
              + options.get("dedup") + "\"");
    }
    if (!VARIANTS.contains(options.get("variant"))) {
      throw new IllegalArgumentException(
          "--variant must be one of " + String.join(", ", VARIANTS) + ", got \""
              + options.get("variant") + "\"");
    }
    if (!options.get("parallelism").matches("[1-9][0-9]?")) {
      throw new IllegalArgumentException(
          "--parallelism must be 1 to 99, got \"" + options.get("parallelism") + "\"");
    }
    return options;
  }

  static String usage() {
    return "usage: FlinkPipeline --jdbc-url jdbc:postgresql://HOST:PORT/DB?user=USER"
        + " [--bootstrap-server HOST:PORT] [--table NAME] [--topic-prefix PREFIX]"
        + " [--variant " + String.join("|", VARIANTS) + "] [--watermark DURATION]"
        + " [--dedup " + String.join("|", DEDUP) + "] [--dead-letter-table NAME]"
        + " [--parallelism N]";
  }

  /** How long the job waits for Kafka to answer before it gives up, with one line. */
  static final int KAFKA_WAIT_SECONDS = 15;

  /**
   * Asks the cluster for its id: an unreachable broker fails here, in seconds and with one line,
   * rather than after Flink's own minute of retries and its stack traces.
   */
  private static void reachKafka(String bootstrap) throws Exception {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, KAFKA_WAIT_SECONDS * 1000);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_WAIT_SECONDS * 1000);
    Admin admin = Admin.create(properties);
    try {
      admin.describeCluster().clusterId().get(KAFKA_WAIT_SECONDS + 5, TimeUnit.SECONDS);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }

  private static void createTable(Map<String, String> options) throws IOException, SQLException {
    try (Connection connection = DriverManager.getConnection(options.get("jdbc-url"));
        Statement statement = connection.createStatement()) {
      for (String sql : statements(script("postgres.sql", options))) statement.execute(sql);
    }
  }

  /** The tables and views, then one job of two INSERTs: the windows and the dead letters. */
  private static void run(Map<String, String> options) throws Exception {
    TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    env.getConfig().set("parallelism.default", options.get("parallelism"));
    env.getConfig().set("table.local-time-zone", "UTC");
    env.getConfig().set("pipeline.name", "telemetra-windows-" + options.get("variant"));
    String windows = options.get("variant").equals("correct")
        ? "windows.sql"
        : "variants/" + options.get("variant") + ".sql";
    String dedup = "dedup/" + options.get("dedup") + ".sql";
    StatementSet inserts = env.createStatementSet();
    for (String name : List.of("tables.sql", "events.sql", dedup, windows, "dead_letters.sql")) {
      for (String sql : statements(script(name, options))) {
        if (sql.startsWith("INSERT")) inserts.addInsertSql(sql);
        else env.executeSql(sql);
      }
    }
    inserts.execute().await();
  }

  private static long countRows(Map<String, String> options, String table) throws SQLException {
    try (Connection connection = DriverManager.getConnection(options.get("jdbc-url"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** sql/NAME from the jar with every ${name} replaced; quotes doubled for SQL string literals. */
  static String script(String name, Map<String, String> options) throws IOException {
    Map<String, String> values = Map.of(
        "bootstrap", options.get("bootstrap-server"),
        "jdbc_url", options.get("jdbc-url"),
        "table", options.get("table"),
        "dead_letter_table", options.get("dead-letter-table"),
        "topic_prefix", options.get("topic-prefix"),
        "watermark_seconds", String.valueOf(watermarkSeconds(options)));
    String text;
    try (InputStream in = FlinkPipeline.class.getResourceAsStream("/sql/" + name)) {
      if (in == null) throw new IOException("sql/" + name + " is not in the jar");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) throw new IOException("sql/" + name + ": unknown " + matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(value.replace("'", "''")));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  static long watermarkSeconds(Map<String, String> options) {
    Matcher matcher = DURATION.matcher(options.get("watermark"));
    if (!matcher.matches()) throw new IllegalArgumentException("bad --watermark");
    long amount = Long.parseLong(matcher.group(1));
    return "m".equals(matcher.group(2)) ? amount * 60 : amount;
  }

  /** The statements of a script: comment lines dropped, split at a ';' that ends a line. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) continue;
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) statements.add(current.toString().strip());
    return statements;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
    return cause;
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    return message.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
